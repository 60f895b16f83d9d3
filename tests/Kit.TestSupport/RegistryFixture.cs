using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Kit.TestSupport;

/// <summary>
/// A real CNCF distribution registry (Debian's docker-registry) on 127.0.0.1, plain HTTP, delete enabled, in a temp
/// dir; killed and deleted at the end. Fails (never skips) when the binary is missing and CI=true.
/// </summary>
public sealed partial class RegistryFixture : IAsyncLifetime
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-registry-" + Guid.NewGuid().ToString("N"));

    /// <summary>The registry's storage root (<c>docker/registry/v2/...</c> below it).</summary>
    public string DataRoot => Path.Combine(_root, "data");
    private readonly StringBuilder _log = new();
    private Process? _process;

    public static bool Available => File.Exists(Binary);

    /// <summary>host:port, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string Host { get; private set; } = "";

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    public async Task InitializeAsync()
    {
        if (!Available)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
                throw new InvalidOperationException($"{Binary} is missing; install the docker-registry package");
            return;
        }
        Directory.CreateDirectory(_root);
        var config = Path.Combine(_root, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: info
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {Path.Combine(_root, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:0
              secret: test-secret
            """);
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var psi = new ProcessStartInfo(Binary, ["serve", config])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_log) _log.AppendLine(e.Data);
            var m = ListeningLine().Match(e.Data);
            if (m.Success) port.TrySetResult(int.Parse(m.Groups[1].Value));
        };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_log) _log.AppendLine(e.Data); };
        _process.Exited += (_, _) => port.TrySetException(new InvalidOperationException("registry exited early:\n" + Log));
        _process.Start();
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var p = await port.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Host = $"127.0.0.1:{p}";
        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                using var r = await http.GetAsync($"http://{Host}/v2/");
                return;
            }
            catch (HttpRequestException) when (i < 100)
            {
                await Task.Delay(50);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }
}

/// <summary>A test that needs the real registry: skipped only when it is missing outside CI.</summary>
public sealed class RegistryFactAttribute : FactAttribute
{
    public RegistryFactAttribute()
    {
        if (!RegistryFixture.Available && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"{RegistryFixture.Binary} not installed";
    }
}
