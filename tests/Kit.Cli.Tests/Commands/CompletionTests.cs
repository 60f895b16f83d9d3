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
        Assert.Equal(["--tag", "--tls-verify", ":4"], Complete("pack", "--t"));
        Assert.Equal(["debug", ":4"], Complete("--log-level", "d"));
        Assert.Equal(["json", ":4"], Complete("diff", "a", "--format", "j"));
        Assert.Equal([":0"], Complete("pack", "-f", ""));
        Assert.Equal(["bash", "zsh", "fish", "powershell", ":4"], Complete("completion", ""));
        Assert.Equal(["diff", ":4"], Complete("help", "di"));
        Assert.DoesNotContain("__complete", Complete(""));
    }
}

/// <summary>The bash script itself, in bash, against the real binary: what a user gets on TAB.</summary>
[UsesKitBinary]
public sealed class BashCompletionTests : KitTestBase
{
    private string[] Tab(string script, string line)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"""
            source '{script}'
            COMP_LINE='{line}'
            COMP_POINT=${"{"}#COMP_LINE{"}"}
            read -r -a COMP_WORDS <<< "$COMP_LINE"
            COMP_CWORD=${"{"}#COMP_WORDS[@]{"}"}
            _kit_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """);
        psi.Environment.Clear();
        foreach (var (name, value) in Kit.Environment()) psi.Environment[name] = value;
        using var bash = Process.Start(psi)!;
        var stdout = bash.StandardOutput.ReadToEndAsync();
        var stderr = bash.StandardError.ReadToEndAsync();
        Assert.True(bash.WaitForExit(TimeSpan.FromMinutes(1)), "bash did not finish");
        Assert.True(bash.ExitCode == 0, $"bash exited {bash.ExitCode}: {stderr.Result}");
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Bash_completes_a_local_reference()
    {
        Work.WriteFile("p/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m.bin\n");
        Work.WriteFile("p/m.bin", "weights");
        Pack(Work.Combine("p"), "-t", "sentiment:0.1.0,0.2.0");
        var script = Work.WriteFile("kit.bash", Kit.Run("completion", "bash").ShouldSucceed().Stdout);
        var kit = RepoPaths.KitBinary;

        Assert.Equal(["sentiment:"], Tab(script, $"{kit} unpack sen"));
        // bash has already split the word at ':', so the candidates are what follows it.
        Assert.Equal(["0.1.0", "0.2.0"], Tab(script, $"{kit} info sentiment:"));
        Assert.Equal(["inspect", "info", "init"], Tab(script, $"{kit} in"));
    }
}
