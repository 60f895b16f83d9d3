using System.Net;
using System.Net.Sockets;
using Kit.Oci.Remote;
using Kit.Oci.Remote.Auth;
using Kit.Oci.Remote.Stall;
using Kit.Core.Formatting;

namespace Kit.Core.Remote;

/// <summary>
/// Turns what the HTTP stack throws into one line that names the registry and the reference and suggests a fix.
/// Shared by every command that talks to a registry (list, inspect, info, remove, login, and push/pull).
/// </summary>
internal static class RemoteFailure
{
    /// <summary>
    /// The user-facing exception for <paramref name="error"/>, or null when it is not a registry or network failure
    /// (then let it through unchanged).
    /// </summary>
    /// <param name="error">What the registry client threw.</param>
    /// <param name="registry">The registry that was being accessed.</param>
    /// <param name="subject">What was being accessed, e.g. <c>127.0.0.1:5000/org/model:v1</c>.</param>
    /// <param name="plainHttp">Whether the registry was spoken to over plain HTTP (the error reporter words its advice by it).</param>
    public static RegistryAccessException? Translate(Exception error, string registry, string subject, bool plainHttp)
    {
        RegistryAccessException Failure(RegistryFailureKind kind, string message) => new(registry, kind, message, error, plainHttp);
        switch (error)
        {
            case RegistryAccessException:
                return null;
            // Already one line, naming registry and repository.
            case AuthenticationException auth:
                return Failure(RegistryFailureKind.Authentication, auth.Message);
            // The manifest names a blob the registry lacks: say which one, not only the reference.
            case RegistryNotFoundException nf when nf.Operation == "fetch blob" && nf.Subject != subject:
                return Failure(RegistryFailureKind.NotFound, $"{subject}: blob {nf.Subject} not found in registry {registry} ({Detail(nf)})");
            case RegistryNotFoundException nf when nf.HasErrorCode("NAME_UNKNOWN"):
                return Failure(RegistryFailureKind.NotFound, $"{subject}: repository not found in registry {registry} ({Detail(nf)})");
            case RegistryNotFoundException nf:
                return Failure(RegistryFailureKind.NotFound, $"{subject}: not found in registry {registry} ({Detail(nf)})");
            case RegistryException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } denied:
                return Failure(RegistryFailureKind.AccessDenied, $"{subject}: access denied by registry {registry} ({Detail(denied)})");
            case RegistryException { BodyExcerpt: { } body } when body.Contains("HTTP request to an HTTPS server", StringComparison.OrdinalIgnoreCase):
                return Failure(RegistryFailureKind.PlainHttpToHttpsRegistry, $"registry {registry} speaks HTTPS but plain HTTP was requested");
            case RegistryException re:
                return Failure(RegistryFailureKind.Protocol, re.Message);
            case ManifestTooLargeException big:
                return Failure(RegistryFailureKind.ManifestTooLarge, big.Message + " (kit refuses manifests over the distribution-spec limit)");
            // Before the network cases: a stall may arrive wrapped in a request exception.
            case var _ when NetworkMessages.Innermost<TransferStalledException>(error) is { } stalled:
                return Failure(RegistryFailureKind.Stalled,
                    $"registry {registry}: transfer of {subject} stalled ({stalled.Message}) and did not recover; check your network and proxy, then run the command again (a pull resumes where it stopped)");
            case HttpRequestException http:
                var (kind, message) = Network(http, registry);
                return Failure(kind, message);
            // A connection lost in the middle of a body, after the retries gave up: without this the user sees a
            // bare framework resource key ("net_io_readfailure, ...") that names neither registry nor reference.
            case IOException io when io is not Kit.Oci.Layout.ContentIntegrityException && LostConnection(io) is { } lost:
                return Failure(RegistryFailureKind.ConnectionLost,
                    $"registry {registry}: connection lost while transferring {subject} ({lost}); run the command again, a pull resumes where it stopped");
            default:
                return null;
        }
    }

    /// <summary>Runs <paramref name="work"/>, translating its registry failures.</summary>
    public static async Task<T> GuardAsync<T>(string registry, string subject, bool plainHttp, Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception e) when (Translate(e, registry, subject, plainHttp) is { } translated)
        {
            throw translated;
        }
    }

    private static string Detail(RegistryException e)
    {
        // "registry R: op S: 404 MANIFEST_UNKNOWN: ..." → keep what follows the subject.
        var marker = $": {e.Operation} {e.Subject}: ";
        var at = e.Message.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? e.Message[(at + marker.Length)..] : e.Message;
    }

    private static (RegistryFailureKind, string) Network(HttpRequestException e, string registry)
    {
        var host = HostOf(registry);
        var socket = NetworkMessages.Innermost<SocketException>(e);
        var reason = NetworkMessages.Reason(e);
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => HostNotFound(),
            HttpRequestError.ConnectionError when socket?.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => HostNotFound(),
            HttpRequestError.ConnectionError when socket?.SocketErrorCode == SocketError.ConnectionRefused =>
                (RegistryFailureKind.ConnectionRefused, $"registry {registry}: connection refused; is a registry listening on {registry}?"),
            HttpRequestError.ConnectionError =>
                (RegistryFailureKind.ConnectionFailed, $"registry {registry}: cannot connect ({reason}); check the address, your network and proxy settings"),
            HttpRequestError.SecureConnectionError => (RegistryFailureKind.TlsHandshake, $"registry {registry}: TLS handshake failed ({reason})"),
            HttpRequestError.ProxyTunnelError => (RegistryFailureKind.ProxyRefused, $"registry {registry}: the proxy refused the connection ({reason})"),
            _ => (RegistryFailureKind.RequestFailed, $"registry {registry}: request failed ({reason})"),
        };

        (RegistryFailureKind, string) HostNotFound() =>
            (RegistryFailureKind.HostNotFound, $"registry {registry}: cannot resolve host {host} ({reason}); check the registry name, DNS and proxy settings");
    }

    private static string? LostConnection(IOException e) =>
        NetworkMessages.Innermost<SocketException>(e) is not null || NetworkMessages.Innermost<HttpIOException>(e) is not null ? NetworkMessages.Reason(e) : null;

    private static string HostOf(string registry)
    {
        if (registry.StartsWith('['))
            return registry[..(registry.IndexOf(']') + 1)];
        var colon = registry.LastIndexOf(':');
        return colon > 0 ? registry[..colon] : registry;
    }
}
