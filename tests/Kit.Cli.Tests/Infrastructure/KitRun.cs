using System.Diagnostics;

namespace Kit.Cli.Tests.Infrastructure;

public sealed record KitResult(int ExitCode, string Stdout, string Stderr)
{
    public KitResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"kit exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    public KitResult ShouldFail()
    {
        Assert.True(ExitCode == 1, $"kit should have failed with exit code 1 but exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    /// <summary>The error must be one line on stderr (what failed and why).</summary>
    public string SingleErrorLine()
    {
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var errors = lines.Where(l => l.StartsWith("[ERROR]", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"expected exactly one [ERROR] line, got:\n{Stderr}");
        return errors[0];
    }
}

/// <summary>Runs the built kit binary as a separate process against its own KITOPS_HOME.</summary>
public sealed class KitRunner
{
    public KitRunner(string home) => Home = home;

    public string Home { get; }

    public string Storage => System.IO.Path.Combine(Home, "storage");

    public KitResult Run(params string[] args) => RunIn(null, null, args);

    public KitResult RunIn(string? workingDirectory, string? stdin, params string[] args) => RunWith(workingDirectory, stdin, null, args);

    /// <summary>Runs with extra environment variables (a null value removes one).</summary>
    public KitResult RunWithEnvironment(IReadOnlyDictionary<string, string?> environment, params string[] args) => RunWith(null, null, environment, args);

    private KitResult RunWith(string? workingDirectory, string? stdin, IReadOnlyDictionary<string, string?>? environment, string[] args)
    {
        var bin = RepoPaths.KitBinary;
        Assert.True(File.Exists(bin), $"kit binary not found at {bin}: run ./test.sh (it builds it) or ./kit once");
        var psi = new ProcessStartInfo(bin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Home,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["KITOPS_HOME"] = Home;
        psi.Environment.Remove("DOCKER_CONFIG");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        }
        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"kit {string.Join(' ', args)} timed out");
        }
        return new KitResult(p.ExitCode, stdoutTask.Result, stderrTask.Result);
    }
}
