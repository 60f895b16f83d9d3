using Kit.Cli.Hosting;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Hosting;

/// <summary>The in-process host: each run sees only its own environment, working directory and streams.</summary>
public sealed class KitCommandLineTests : IDisposable
{
    private readonly TempDir _dir = new("kit-host-");

    [Fact]
    public async Task Parallel_runs_keep_their_own_environment_and_working_directory()
    {
        var runs = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var home = _dir.Combine($"home-{i}");
            var work = _dir.Combine($"work-{i}");
            _dir.WriteFile($"work-{i}/ctx/Kitfile", $"manifestVersion: 1.0.0\npackage:\n  name: run-{i}\nmodel:\n  path: m.bin\n");
            _dir.WriteFile($"work-{i}/ctx/m.bin", $"weights {i}");
            var env = new Dictionary<string, string> { ["KITOPS_HOME"] = home };
            // A relative context directory resolves against this run's working directory.
            var packed = await KitCommandLine.RunCapturedAsync(["pack", "ctx", "-t", $"run{i}:1"], env, work);
            Assert.True(packed.ExitCode == 0, packed.Stderr);
            var listed = await KitCommandLine.RunCapturedAsync(["list"], env, work);
            return (i, listed);
        })).ToList();

        foreach (var (i, listed) in await Task.WhenAll(runs))
        {
            Assert.Equal(0, listed.ExitCode);
            Assert.Contains($"run-{i}", listed.Stdout, StringComparison.Ordinal);
            Assert.Single(listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("run", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_process_environment_is_not_read()
    {
        // The test process has HOME; the host given to kit has neither HOME nor KITOPS_HOME.
        var result = await KitCommandLine.RunCapturedAsync(["list"], new Dictionary<string, string>(), _dir.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("[ERROR] Failed to read base config directory: neither KITOPS_HOME nor HOME is set. Use --config or set $KITOPS_HOME.\n",
            result.Stderr);
    }

    [Fact]
    public async Task Stdin_comes_from_the_host()
    {
        var env = new Dictionary<string, string> { ["KITOPS_HOME"] = _dir.Combine("home") };
        _dir.WriteFile("ctx/m.bin", "w");
        var packed = await KitCommandLine.RunCapturedAsync(["pack", "ctx", "-f", "-", "-t", "stdin:1"], env, _dir.Path,
            "manifestVersion: 1.0.0\nmodel:\n  path: m.bin\n");
        Assert.True(packed.ExitCode == 0, packed.Stderr);
        Assert.StartsWith("Model saved: sha256:", packed.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("push", "kit push sentiment:0.1.0 registry.example.com/team/sentiment:0.1.0")]
    [InlineData("unpack", "kit unpack sentiment:0.1.0 -d out --filter model")]
    [InlineData("pack", "cat Kitfile | kit pack . -f - -t sentiment:dev")]
    public async Task Help_ends_with_examples(string verb, string example)
    {
        var help = await KitCommandLine.RunCapturedAsync([verb, "--help"], new Dictionary<string, string>(), _dir.Path);
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Options:", help.Stdout, StringComparison.Ordinal);
        var examples = help.Stdout[help.Stdout.IndexOf("\nExamples:\n", StringComparison.Ordinal)..];
        Assert.Contains("  " + example, examples, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
