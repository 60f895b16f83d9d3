using System.Diagnostics;
using System.Net.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Cli.Tests.Registry;

/// <summary>
/// A real CNCF distribution registry (Debian's <c>docker-registry</c>) in a temp dir on 127.0.0.1:&lt;random port&gt;,
/// in one of three <see cref="RegistryMode"/>s. Start with <see cref="StartAsync"/>; dispose to kill it and delete its data.
/// Facts it relies on: /work/shared/reference/registry-testbed.md §1, §3, §4.
/// </summary>
public sealed partial class RegistryFixture : IAsyncDisposable
{
    public const string DefaultUsername = "kit-tester";
    public const string DefaultPassword = "pa55-w0rd!";

    private readonly Process _process;
    private readonly LogTail _log;

    private RegistryFixture(RegistryMode mode, string root, Process process, LogTail log, int port,
        TestCertificate? certificate, TokenIssuer? issuer)
    {
        Mode = mode;
        RootDirectory = root;
        _process = process;
        _log = log;
        Port = port;
        Certificate = certificate;
        TokenIssuer = issuer;
    }

    public RegistryMode Mode { get; }
    public string RootDirectory { get; }
    public int Port { get; }

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

    public TestCertificate? Certificate { get; }

    /// <summary>PEM of the server certificate (also its own CA), or null on plain HTTP.</summary>
    public string? CaCertPath => Certificate?.CertPath;

    /// <summary>Folder with <c>ca.crt</c> for skopeo's <c>--cert-dir</c>.</summary>
    public string? CertDirectory => Certificate?.CertDirectory;

    public TokenIssuer? TokenIssuer { get; }

    public string Username => DefaultUsername;
    public string Password => DefaultPassword;

    /// <summary>The registry's last log lines (its stderr carries the reason for every auth refusal).</summary>
    public string RecentLog => _log.ToString();

    public static string BinaryPath =>
        Environment.GetEnvironmentVariable("KIT_TEST_REGISTRY_BIN") is { Length: > 0 } configured ? configured : "/usr/bin/docker-registry";

    public static async Task<RegistryFixture> StartAsync(RegistryMode mode, Action<StringBuilder>? extraConfig = null)
    {
        if (!File.Exists(BinaryPath))
        {
            var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
            throw new InvalidOperationException(
                $"registry tests need the real registry at {BinaryPath} (Debian package docker-registry; test.sh installs it" +
                (ci ? "). CI=true, so this is a failure of the environment." : "), or set KIT_TEST_REGISTRY_BIN. Not installed: this test cannot run."));
        }

        var root = Directory.CreateTempSubdirectory("kit-registry-").FullName;
        try
        {
            TestCertificate? certificate = null;
            TokenIssuer? issuer = null;
            var config = new StringBuilder()
                .AppendLine("version: 0.1")
                .AppendLine("log:")
                .AppendLine("  level: info") // below info the "listening on" line is not printed
                .AppendLine("  accesslog:")
                .AppendLine("    disabled: true")
                .AppendLine("storage:")
                .AppendLine("  filesystem:")
                .AppendLine($"    rootdirectory: {root}/data")
                .AppendLine("  delete:")
                .AppendLine("    enabled: true")
                .AppendLine("http:")
                .AppendLine("  addr: 127.0.0.1:0")
                .AppendLine("  secret: kit-test-secret");
            if (mode != RegistryMode.PlainHttp)
            {
                certificate = TestCertificate.Create(root);
                config.AppendLine("  tls:")
                    .AppendLine($"    certificate: {certificate.CertPath}")
                    .AppendLine($"    key: {certificate.KeyPath}");
            }
            if (mode == RegistryMode.TlsBasicAuth)
            {
                // Without the file the registry invents a user with a random password: always write it first.
                var htpasswd = Path.Combine(root, "htpasswd");
                File.WriteAllText(htpasswd, $"{DefaultUsername}:{BCrypt.Net.BCrypt.HashPassword(DefaultPassword, 4)}\n");
                config.AppendLine("auth:")
                    .AppendLine("  htpasswd:")
                    .AppendLine("    realm: test-registry")
                    .AppendLine($"    path: {htpasswd}");
            }
            if (mode == RegistryMode.TlsTokenAuth)
            {
                issuer = new TokenIssuer(root, DefaultUsername, DefaultPassword);
                config.AppendLine("auth:")
                    .AppendLine("  token:")
                    .AppendLine($"    realm: {issuer.Realm}")
                    .AppendLine($"    service: {TokenIssuer.Service}")
                    .AppendLine($"    issuer: {TokenIssuer.Issuer}")
                    .AppendLine($"    rootcertbundle: {issuer.SignerBundlePath}");
            }
            extraConfig?.Invoke(config);
            var configPath = Path.Combine(root, "config.yml");
            File.WriteAllText(configPath, config.ToString());

            var (process, log, port) = await LaunchAsync(configPath);
            var fixture = new RegistryFixture(mode, root, process, log, port, certificate, issuer);
            try
            {
                await fixture.WaitUntilReadyAsync();
            }
            catch
            {
                await fixture.DisposeAsync();
                throw;
            }
            return fixture;
        }
        catch
        {
            TryDelete(root);
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

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient(CreateTransport()) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                // Any answer means ready: 200 without auth, 401 with it.
                using var _ = await client.GetAsync(new Uri(BaseAddress, "/v2/"));
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
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
        Kill(_process);
        _process.Dispose();
        if (TokenIssuer is not null)
            await TokenIssuer.DisposeAsync();
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
