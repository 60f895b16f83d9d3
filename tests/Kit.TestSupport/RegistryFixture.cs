using System.Diagnostics;
using System.Net.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace Kit.TestSupport;

/// <summary>
/// A real CNCF distribution registry (Debian's <c>docker-registry</c>) in a temp dir on 127.0.0.1:&lt;random port&gt;,
/// in one of three <see cref="RegistryMode"/>s; dispose to kill it and delete its data. One test starts its own with
/// <see cref="StartAsync"/>; a test collection shares a plain-HTTP one as an xunit collection fixture. Tests that use
/// it carry <see cref="RegistryFactAttribute"/> or <see cref="RegistryTheoryAttribute"/>, so a missing binary skips
/// them outside CI and fails them in CI (see <see cref="TestEnvironment"/>).
/// </summary>
public sealed partial class RegistryFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string DefaultUsername = "kit-tester";
    public const string DefaultPassword = "pa55-w0rd!";

    private readonly Action<StringBuilder>? _extraConfig;
    private Process? _process;
    private LogTail _log = new();

    /// <summary>A plain-HTTP registry, started by xunit through <see cref="IAsyncLifetime"/> (collection fixtures).</summary>
    public RegistryFixture()
        : this(RegistryMode.PlainHttp, null)
    {
    }

    private RegistryFixture(RegistryMode mode, Action<StringBuilder>? extraConfig)
    {
        Mode = mode;
        _extraConfig = extraConfig;
    }

    public RegistryMode Mode { get; }
    public string RootDirectory { get; private set; } = "";
    public int Port { get; private set; }

    /// <summary>The registry's storage root (<c>rootdirectory</c>); blobs live in <c>docker/registry/v2/blobs/sha256/&lt;2 hex&gt;/&lt;hex&gt;/data</c>.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>The file holding a blob's bytes in the registry's storage (tests tamper with it).</summary>
    public string BlobDataPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(DataDirectory, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    /// <summary><c>127.0.0.1:PORT</c>, the registry part of references and the credential key.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    public Uri BaseAddress => new($"{(Mode == RegistryMode.PlainHttp ? "http" : "https")}://{HostPort}/");

    public TestCertificate? Certificate { get; private set; }

    /// <summary>PEM of the server certificate (also its own CA), or null on plain HTTP.</summary>
    public string? CaCertPath => Certificate?.CertPath;

    /// <summary>Folder with <c>ca.crt</c> for skopeo's <c>--cert-dir</c>.</summary>
    public string? CertDirectory => Certificate?.CertDirectory;

    public TokenIssuer? TokenIssuer { get; private set; }

    // Instance members on purpose: tests read the credentials of the registry they talk to, not a global.
#pragma warning disable CA1822
    public string Username => DefaultUsername;
    public string Password => DefaultPassword;
#pragma warning restore CA1822

    /// <summary>The registry's last log lines (its stderr carries the reason for every auth refusal).</summary>
    public string RecentLog => _log.ToString();

    public static string BinaryPath =>
        Environment.GetEnvironmentVariable("KIT_TEST_REGISTRY_BIN") is { Length: > 0 } configured ? configured : "/usr/bin/docker-registry";

    public static bool Available => File.Exists(BinaryPath);

    public static async Task<RegistryFixture> StartAsync(RegistryMode mode, Action<StringBuilder>? extraConfig = null)
    {
        var fixture = new RegistryFixture(mode, extraConfig);
        await fixture.StartAsync();
        return fixture;
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        // Outside CI the tests that need it are skipped by their attribute; the shared instance just stays idle.
        if (Available || TestEnvironment.IsCI)
            await StartAsync();
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private async Task StartAsync()
    {
        if (!Available)
            throw new InvalidOperationException(
                $"registry tests need the real registry at {BinaryPath} (Debian package docker-registry; test.sh installs it" +
                (TestEnvironment.IsCI ? "). CI=true, so this is a failure of the environment." : "), or set KIT_TEST_REGISTRY_BIN. Mark the test [RegistryFact] so it is skipped outside CI."));

        RootDirectory = Directory.CreateTempSubdirectory("kit-registry-").FullName;
        var config = new StringBuilder()
            .AppendLine("version: 0.1")
            .AppendLine("log:")
            .AppendLine("  level: info") // below info the "listening on" line is not printed
            .AppendLine("  accesslog:")
            .AppendLine("    disabled: true")
            .AppendLine("storage:")
            .AppendLine("  filesystem:")
            .AppendLine($"    rootdirectory: {RootDirectory}/data")
            .AppendLine("  delete:")
            .AppendLine("    enabled: true")
            .AppendLine("http:")
            .AppendLine("  addr: 127.0.0.1:0")
            .AppendLine("  secret: kit-test-secret");
        try
        {
            if (Mode != RegistryMode.PlainHttp)
            {
                Certificate = TestCertificate.Create(RootDirectory);
                config.AppendLine("  tls:")
                    .AppendLine($"    certificate: {Certificate.CertPath}")
                    .AppendLine($"    key: {Certificate.KeyPath}");
            }
            if (Mode == RegistryMode.TlsBasicAuth)
            {
                // Without the file the registry invents a user with a random password: always write it first.
                var htpasswd = Path.Combine(RootDirectory, "htpasswd");
                File.WriteAllText(htpasswd, $"{DefaultUsername}:{BCrypt.Net.BCrypt.HashPassword(DefaultPassword, 4)}\n");
                config.AppendLine("auth:")
                    .AppendLine("  htpasswd:")
                    .AppendLine("    realm: test-registry")
                    .AppendLine($"    path: {htpasswd}");
            }
            if (Mode == RegistryMode.TlsTokenAuth)
            {
                TokenIssuer = new TokenIssuer(RootDirectory, DefaultUsername, DefaultPassword);
                config.AppendLine("auth:")
                    .AppendLine("  token:")
                    .AppendLine($"    realm: {TokenIssuer.Realm}")
                    .AppendLine($"    service: {TokenIssuer.Service}")
                    .AppendLine($"    issuer: {TokenIssuer.Issuer}")
                    .AppendLine($"    rootcertbundle: {TokenIssuer.SignerBundlePath}");
            }
            _extraConfig?.Invoke(config);
            var configPath = Path.Combine(RootDirectory, "config.yml");
            File.WriteAllText(configPath, config.ToString());

            (_process, _log, Port) = await LaunchAsync(configPath);
            await WaitUntilReadyAsync(_process);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();

    private static async Task<(Process, LogTail, int)> LaunchAsync(string configPath)
    {
        var log = new LogTail();
        var port = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(BinaryPath)
            {
                ArgumentList = { "serve", configPath },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
                return;
            log.Add(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success)
                port.TrySetResult(int.Parse(match.Groups[1].Value));
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => port.TrySetException(new InvalidOperationException("registry exited before listening"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var chosen = await port.Task.WaitAsync(TimeSpan.FromSeconds(20));
            return (process, log, chosen);
        }
        catch (Exception ex)
        {
            Kill(process);
            throw new InvalidOperationException($"docker-registry did not start ({ex.Message}). Last output:{Environment.NewLine}{log}", ex);
        }
    }

    private async Task WaitUntilReadyAsync(Process process)
    {
        using var client = new HttpClient(CreateTransport()) { Timeout = TimeSpan.FromSeconds(5) };
        // Generous: on a loaded 2-core machine a TLS registry can take many seconds to answer its first request.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                // Any answer means ready: 200 without auth, 401 with it.
                using var _ = await client.GetAsync(new Uri(BaseAddress, "/v2/"));
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"registry on {HostPort} never answered /v2/: {ex.Message}{Environment.NewLine}{RecentLog}", ex);
            }
        }
    }

    /// <summary>A transport that trusts exactly this registry's certificate (plain HTTP: an ordinary handler).</summary>
    public SocketsHttpHandler CreateTransport()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        if (Certificate is { } certificate)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) => certificate.Matches(presented),
            };
        }
        return handler;
    }

    /// <summary>Wraps a test failure message with the registry's recent log.</summary>
    public string Describe(string message) => $"{message}{Environment.NewLine}--- registry log ({HostPort}) ---{Environment.NewLine}{RecentLog}";

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            Kill(_process);
            _process.Dispose();
            _process = null;
        }
        if (TokenIssuer is not null)
            await TokenIssuer.DisposeAsync();
        TokenIssuer = null;
        if (RootDirectory.Length > 0)
            TryDelete(RootDirectory);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Temp data; a leftover folder is harmless.
        }
    }
}
