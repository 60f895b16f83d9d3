using System.Diagnostics;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

/// <summary>The <c>__complete</c> protocol the completion scripts read: candidates, then <c>:&lt;directive&gt;</c>.</summary>
public sealed class CompletionTests : KitTestBase
{
    private void Store(string tags)
    {
        Work.WriteFile("p/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m.bin\n");
        Work.WriteFile("p/m.bin", Guid.NewGuid().ToString());
        Pack(Work.Combine("p"), "-t", tags);
    }

    private string[] Complete(params string[] words) =>
        Kit.Run(["__complete", "--", .. words]).ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Local_references_by_repository_then_tag_then_digest()
    {
        Store("sentiment:1,2");
        Store("registry.example.com/team/llm:3");
        Store("solo");
        Assert.Equal(["registry.example.com/team/llm:3", "sentiment:", "solo:latest", ":6"], Complete("info", ""));
        Assert.Equal(["sentiment:", "solo:latest", ":6"], Complete("info", "s"));
        Assert.Equal(["sentiment:1", "sentiment:2", ":6"], Complete("unpack", "sentiment:"));
        var digest = Kit.Run("inspect", "solo").ShouldSucceed().Stdout.Split('"')[3];
        Assert.Equal([$"solo@{digest}", ":6"], Complete("tag", "solo@"));
        Assert.Equal(["sentiment:", ":6"], Complete("push", "solo:latest", "se"));
    }

    [Fact]
    public void Index_verbs_complete_stored_indexes_and_then_modelkits()
    {
        Store("llama:q4");
        Kit.Run("index", "create", "llama:latest").ShouldSucceed();
        Kit.Run("index", "create", "mistral:v1").ShouldSucceed();
        Assert.Equal(["llama:latest", "mistral:v1", ":6"], Complete("index", "info", ""));
        Assert.Equal(["llama:latest", ":6"], Complete("index", "add", "l"));
        // The ModelKit to add is a stored ModelKit, not an index.
        Assert.Equal(["llama:q4", ":6"], Complete("index", "add", "llama:latest", "l"));
        Assert.Equal([":4"], Complete("index", "delete", "--all", ""));
        Assert.Equal(["llama:q4", ":6"], Complete("unpack", "l"));
    }

    [Fact]
    public void No_local_references_where_the_argument_is_not_a_stored_modelkit()
    {
        Store("sentiment:1");
        Assert.Equal([":4"], Complete("info", "-r", ""));
        Assert.Equal([":4"], Complete("remove", "--all", ""));
        Assert.Equal([":4"], Complete("tag", "sentiment:1", ""));
        Assert.Equal([":0"], Complete("pack", ""));
    }

    [Fact]
    public void Commands_flags_and_flag_values()
    {
        Assert.Equal(["pack", "push", "pull", ":4"], Complete("p"));
        Assert.Equal(["--tag", "--tls-verify", "--tls-cert", ":4"], Complete("pack", "--t"));
        Assert.Equal(["debug", ":4"], Complete("--log-level", "d"));
        Assert.Equal(["json", ":4"], Complete("diff", "a", "--format", "j"));
        Assert.Equal([":0"], Complete("pack", "-f", ""));
        Assert.Equal(["bash", "zsh", "fish", "powershell", ":4"], Complete("completion", ""));
        Assert.Equal(["diff", ":4"], Complete("help", "di"));
        Assert.DoesNotContain("__complete", Complete(""));
    }
}

/// <summary>
/// The scripts themselves, in bash, zsh and fish, against the real binary: what a user gets on TAB. zsh's completion
/// system needs a terminal, so its <c>compadd</c> and <c>_files</c> are stand-ins that print what they are given.
/// </summary>
[UsesKitBinary]
public sealed class ShellCompletionTests : KitTestBase
{
    private string StoreAndScript(string shell)
    {
        Work.WriteFile("p/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m.bin\n");
        Work.WriteFile("p/m.bin", "weights");
        Pack(Work.Combine("p"), "-t", "sentiment:0.1.0,0.2.0");
        return Work.WriteFile("kit." + shell, Kit.Run("completion", shell).ShouldSucceed().Stdout);
    }

    private string[] Run(string shell, params string[] args)
    {
        var psi = new ProcessStartInfo(shell) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        psi.Environment.Clear();
        foreach (var (name, value) in Kit.Environment()) psi.Environment[name] = value;
        // fish finds completions by command name, so `kit` must be the binary under test.
        psi.Environment["PATH"] = Path.GetDirectoryName(RepoPaths.KitBinary) + ":" + (psi.Environment.TryGetValue("PATH", out var path) ? path : "/usr/bin:/bin");
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(1)), $"{shell} did not finish");
        Assert.True(process.ExitCode == 0, $"{shell} exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private string[] BashTab(string script, string line) => Run("bash", "-c", $"""
        source '{script}'
        COMP_LINE='{line}'
        COMP_POINT=${"{"}#COMP_LINE{"}"}
        read -r -a COMP_WORDS <<< "$COMP_LINE"
        COMP_CWORD=${"{"}#COMP_WORDS[@]{"}"}
        _kit_complete
        printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
        """);

    private string[] ZshTab(string script, params string[] words) => Run("zsh", "-f", "-c", $"""
        compadd() {"{"} while [[ $1 == -* ]]; do case $1 in (-S) shift 2;; (--) shift; break;; (*) shift;; esac; done; print -rl -- "$@"; {"}"}
        _files() {"{"} print -r -- '<files>'; {"}"}
        source '{script}'
        words=({string.Join(' ', words.Select(w => $"'{w}'"))}); CURRENT=${"{"}#words{"}"}
        _kit
        """);

    private string[] FishTab(string script, string line) => Run("fish", "-N", "-c", $"source '{script}'; complete -C '{line}'");

    [Fact]
    public void Bash_completes_a_local_reference()
    {
        var script = StoreAndScript("bash");
        var kit = RepoPaths.KitBinary;
        Assert.Equal(["sentiment:"], BashTab(script, $"{kit} unpack sen"));
        // bash has already split the word at ':', so the candidates are what follows it.
        Assert.Equal(["0.1.0", "0.2.0"], BashTab(script, $"{kit} info sentiment:"));
        Assert.Equal(["inspect", "info", "init", "index"], BashTab(script, $"{kit} in"));
    }

    [ShellFact("zsh")]
    public void Zsh_completes_a_local_reference_commands_and_falls_back_to_files()
    {
        var script = StoreAndScript("zsh");
        var kit = RepoPaths.KitBinary;
        Assert.Equal(["sentiment:"], ZshTab(script, kit, "unpack", "sen"));
        Assert.Equal(["sentiment:0.1.0", "sentiment:0.2.0"], ZshTab(script, kit, "info", "sentiment:"));
        Assert.Equal(["inspect", "info", "init", "index"], ZshTab(script, kit, "in"));
        Assert.Equal(["<files>"], ZshTab(script, kit, "pack", ""));
    }

    [ShellFact("fish")]
    public void Fish_completes_a_local_reference_and_commands()
    {
        var script = StoreAndScript("fish");
        Assert.Equal(["sentiment:"], FishTab(script, "kit unpack sen"));
        Assert.Equal(["sentiment:0.1.0", "sentiment:0.2.0"], FishTab(script, "kit info sentiment:"));
        // fish sorts what it is given.
        Assert.Equal(["index", "info", "init", "inspect"], FishTab(script, "kit in"));
    }
}
