using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Kit.Oci.Remote.Auth;
using Kit.Oci.Serialization;

namespace Kit.Core.Credentials;

/// <summary>
/// A Docker credential helper program (<c>docker-credential-NAME get|store|erase</c>), protocol:
/// https://github.com/docker/docker-credential-helpers — the server URL or a JSON
/// <c>{"ServerURL","Username","Secret"}</c> on stdin, JSON on stdout, and the username <c>&lt;token&gt;</c> for identity tokens.
/// </summary>
internal sealed class CredentialHelper
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string? _pathVariable;

    /// <param name="name">The suffix after <c>docker-credential-</c>, as in <c>credsStore</c>.</param>
    /// <param name="pathVariable">Where to look for the program; defaults to this process's PATH.</param>
    public CredentialHelper(string name, string? pathVariable = null)
    {
        Name = name;
        _pathVariable = pathVariable;
    }

    public string Name { get; }

    public string ProgramName => $"docker-credential-{Name}";

    /// <returns>The credential, or null when the helper has none for this server.</returns>
    public async Task<RegistryCredential?> GetAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        var (exitCode, stdout) = await RunAsync("get", serverUrl, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            // The protocol's "not found" is this exact message on stdout with a failing exit code.
            if (stdout.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                return null;
            throw new CredentialHelperException(ProgramName, $"get failed (exit {exitCode}): {OneLine(stdout)}");
        }
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            var username = Str(doc.RootElement, "Username");
            var secret = Str(doc.RootElement, "Secret");
            if (string.IsNullOrEmpty(secret))
                return null;
            return username == RegistryCredential.IdentityTokenUsername
                ? RegistryCredential.FromIdentityToken(secret)
                : new RegistryCredential(username, secret);
        }
        catch (JsonException ex)
        {
            // Never echo the output: it may hold the secret.
            throw new CredentialHelperException(ProgramName, "get printed something that is not credential JSON", ex);
        }
    }

    public async Task StoreAsync(string serverUrl, RegistryCredential credential, CancellationToken cancellationToken = default)
    {
        var json = new GoJsonWriter();
        json.StartObject();
        json.Property("ServerURL", serverUrl);
        if (credential.IdentityToken is not null)
        {
            json.Property("Username", RegistryCredential.IdentityTokenUsername);
            json.Property("Secret", credential.IdentityToken);
        }
        else
        {
            json.Property("Username", credential.Username ?? "");
            json.Property("Secret", credential.Password ?? "");
        }
        json.EndObject();
        var (exitCode, stdout) = await RunAsync("store", json.ToString(), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
            throw new CredentialHelperException(ProgramName, $"store failed (exit {exitCode}): {OneLine(stdout)}");
    }

    public async Task EraseAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        var (exitCode, stdout) = await RunAsync("erase", serverUrl, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0 && !stdout.Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
            throw new CredentialHelperException(ProgramName, $"erase failed (exit {exitCode}): {OneLine(stdout)}");
    }

    private async Task<(int ExitCode, string Stdout)> RunAsync(string verb, string input, CancellationToken cancellationToken)
    {
        var program = Resolve() ?? throw new CredentialHelperException(ProgramName, "not found on PATH");
        var start = new ProcessStartInfo(program)
        {
            ArgumentList = { verb },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new CredentialHelperException(ProgramName, $"cannot start: {ex.Message}", ex);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            return (process.ExitCode, output.Length > 0 || process.ExitCode == 0 ? output : errors);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new CredentialHelperException(ProgramName, $"{verb} did not finish within {Timeout.TotalSeconds:0} s");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private string? Resolve()
    {
        var path = _pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, ProgramName);
            if (File.Exists(candidate))
                return candidate;
            if (OperatingSystem.IsWindows() && File.Exists(candidate + ".exe"))
                return candidate + ".exe";
        }
        return null;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
