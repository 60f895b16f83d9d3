using System.Diagnostics;
using Kit.Cli.Hosting;

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

/// <summary>
/// Runs kit against its own KITOPS_HOME in a hermetic environment: HOME, DOCKER_CONFIG and the XDG directories point
/// into a private sandbox, so the kit under test never sees the developer's credentials or configuration.
/// By default kit runs in this process through <see cref="KitCommandLine"/> (fast, and parallel tests share nothing);
/// <see cref="Binary"/> runs the built Native AOT binary instead, for what only a real process shows.
/// </summary>
public sealed class KitRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Variables the .NET runtime or OpenSSL read from the process itself (trusted CAs, default proxy): a run that
    /// sets one of them must be a real process to mean anything.
    /// </summary>
    private static readonly string[] ProcessOnlyVariables =
        ["SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

    /// <param name="home">KITOPS_HOME of the kit under test.</param>
    /// <param name="sandbox">Where HOME, DOCKER_CONFIG and the XDG directories point (created on first use).</param>
    /// <param name="binary">Run the built binary instead of in-process.</param>
    public KitRunner(string home, string sandbox, bool binary = false)
    {
        Home = home;
        Sandbox = sandbox;
        IsBinary = binary;
    }

    public string Home { get; }

    public string Sandbox { get; }

    public bool IsBinary { get; }

    public string Storage => System.IO.Path.Combine(Home, "storage");

    /// <summary>The same home and sandbox, run through the real Native AOT binary.</summary>
    public KitRunner Binary => IsBinary ? this : new KitRunner(Home, Sandbox, binary: true);

    public KitResult Run(params string[] args) => RunIn(null, null, args);

    public KitResult RunIn(string? workingDirectory, string? stdin, params string[] args) => RunWith(workingDirectory, stdin, null, args);

    /// <summary>Runs with extra environment variables (a null value removes one).</summary>
    public KitResult RunWithEnvironment(IReadOnlyDictionary<string, string?> environment, params string[] args) => RunWith(null, null, environment, args);

    /// <summary>The environment kit sees: only PATH (credential helpers) from the test process, everything else private.</summary>
    public Dictionary<string, string> Environment(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["KITOPS_HOME"] = Home,
            ["HOME"] = SandboxDir("home"),
            ["DOCKER_CONFIG"] = SandboxDir("docker"),
            ["XDG_CONFIG_HOME"] = SandboxDir("config"),
            ["XDG_DATA_HOME"] = SandboxDir("data"),
            ["XDG_CACHE_HOME"] = SandboxDir("cache"),
            ["XDG_RUNTIME_DIR"] = SandboxDir("run"),
            // Manifests record their creation time; a fixed one keeps "same files, same digest" checks independent of
            // the second a pack runs in. Tests of the current time remove it.
            ["SOURCE_DATE_EPOCH"] = "1700000000",
        };
        // A JIT build of the binary (no clang) needs to find the runtime.
        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root)
            env["DOTNET_ROOT"] = root;
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            if (value is null) env.Remove(name);
            else env[name] = value;
        }
        return env;
    }

    /// <summary>A process start for the binary with the hermetic environment, for tests that signal or kill it.</summary>
    public ProcessStartInfo BinaryStartInfo(params string[] args)
    {
        var bin = RepoPaths.KitBinary;
        Assert.True(File.Exists(bin), $"kit binary not found at {bin}: run ./test.sh (it builds it) or ./kit once");
        var psi = new ProcessStartInfo(bin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Home,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (name, value) in Environment()) psi.Environment[name] = value;
        return psi;
    }

    private string SandboxDir(string name)
    {
        var dir = System.IO.Path.Combine(Sandbox, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private KitResult RunWith(string? workingDirectory, string? stdin, IReadOnlyDictionary<string, string?>? environment, string[] args)
    {
        var env = Environment(environment);
        var needsProcess = IsBinary || (environment?.Keys.Any(k => ProcessOnlyVariables.Contains(k, StringComparer.Ordinal)) ?? false);
        return needsProcess
            ? RunBinary(workingDirectory ?? Home, stdin, env, args)
            : RunInProcess(workingDirectory ?? Home, stdin, env, args);
    }

    private static KitResult RunInProcess(string workingDirectory, string? stdin, Dictionary<string, string> env, string[] args)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        // Off the test's synchronization context: the in-process kit is async all the way down.
        var run = Task.Run(() => KitCommandLine.RunCapturedAsync(args, env, workingDirectory, stdin, timeout.Token));
        if (!run.Wait(Timeout + TimeSpan.FromSeconds(30)))
            Assert.Fail($"kit {string.Join(' ', args)} timed out");
        var result = run.Result;
        return new KitResult(result.ExitCode, result.Stdout, result.Stderr);
    }

    private KitResult RunBinary(string workingDirectory, string? stdin, Dictionary<string, string> env, string[] args)
    {
        var psi = BinaryStartInfo(args);
        psi.WorkingDirectory = workingDirectory;
        psi.Environment.Clear();
        foreach (var (name, value) in env) psi.Environment[name] = value;
        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderrTask = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"kit {string.Join(' ', args)} timed out");
        }
        return new KitResult(p.ExitCode, stdoutTask.Result, stderrTask.Result);
    }
}
