using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Kit.Oci.Remote.Retry;
using Kit.Oci.Remote.Stall;

namespace Kit.Core.Formatting;

/// <summary>
/// Sentences for network failures. Native AOT builds strip the runtime's resource strings, so an
/// <see cref="HttpRequestException"/>'s message is a key such as <c>net_http_invalid_response_premature_eof (ResponseEnded)</c>.
/// Every reason kit gives for a failed or retried registry request is built here, from the exception's kind, its
/// socket error and, when readable, its message; a resource key never reaches the user.
/// </summary>
internal static partial class NetworkMessages
{
    private const string ClosedEarly = "the registry closed the connection before the end of the response";
    private const string InvalidResponse = "the registry sent an invalid HTTP response";

    // Keys the runtime uses for network failures, as sentences; the rest are described by their error kind.
    private static readonly Dictionary<string, string> Keys = new(StringComparer.Ordinal)
    {
        ["net_http_invalid_response_premature_eof"] = ClosedEarly,
        ["net_http_invalid_response_premature_eof_bytecount"] = ClosedEarly,
        ["net_http_invalid_response"] = InvalidResponse,
        ["net_http_invalid_response_status_line"] = InvalidResponse,
        ["net_http_invalid_response_status_code"] = InvalidResponse,
        ["net_http_invalid_response_status_reason"] = InvalidResponse,
        ["net_http_invalid_response_header_line"] = InvalidResponse,
        ["net_http_invalid_response_header_folder"] = InvalidResponse,
        ["net_http_invalid_response_header_name"] = InvalidResponse,
        ["net_http_invalid_response_missing_frame"] = InvalidResponse,
        ["net_http_invalid_response_multiple_status_codes"] = InvalidResponse,
        ["net_http_invalid_header_name"] = InvalidResponse,
        ["net_http_response_headers_exceeded_length"] = "the registry's answer has headers over the size limit",
        ["net_http_content_buffer_size_exceeded"] = "the registry's answer is larger than kit buffers",
        ["net_http_request_aborted"] = "the request was aborted",
        ["net_http_client_execution_error"] = "the request could not be sent",
        ["net_http_ssl_connection_failed"] = "TLS handshake failed",
        ["net_http_proxy_tunnel_returned_failure_status_code"] = "the proxy refused the tunnel",
        ["net_http_unsupported_requested_scheme"] = "unsupported URL scheme",
        ["net_io_readfailure"] = "reading from the connection failed",
        ["net_io_writefailure"] = "writing to the connection failed",
        ["net_io_connectionclosed"] = "the registry closed the connection",
        ["net_io_eof"] = "the registry closed the connection",
        ["net_ssl_io_cert_name_mismatch"] = "certificate does not match the host name",
        ["net_ssl_io_cert_validation"] = "certificate rejected",
        ["net_ssl_io_cert_chain_validation"] = "certificate not trusted",
        ["net_frame_read_size"] = "the server did not answer with TLS",
    };

    /// <summary>Why a request failed, in a few words: <c>connection refused</c>, <c>certificate not trusted</c>...</summary>
    public static string Reason(Exception e)
    {
        if (Innermost<TransferStalledException>(e) is { } stalled)
            return stalled.Message;
        // A cancellation nobody asked for is a timeout (connecting, or the runtime's own limits); under Native AOT its
        // message would be a bare resource key.
        if (e is OperationCanceledException || Innermost<TimeoutException>(e) is not null)
            return "timed out";
        if (Innermost<SocketException>(e) is { } socket && Socket(socket) is { } fromSocket)
            return fromSocket;
        var kind = Innermost<HttpRequestException>(e)?.HttpRequestError ?? Innermost<HttpIOException>(e)?.HttpRequestError ?? HttpRequestError.Unknown;
        if (kind == HttpRequestError.SecureConnectionError)
            return Tls(e);
        // The innermost message says most, unless it is a key nobody can read.
        for (var x = Innermost(e); x is not null; x = Outer(e, x))
        {
            var message = OneLine(x.Message);
            if (Decode(message) is { } decoded)
                return decoded;
            if (!IsResourceKey(message) && message.Length > 0)
                return message;
        }
        return ByKind(kind) ?? (Innermost<IOException>(e) is not null ? "the connection broke" : "the request failed");
    }

    /// <summary>Whether <paramref name="text"/> contains a runtime resource key (what a Native AOT build shows instead of a message).</summary>
    public static bool ContainsResourceKey(string text) => AnyKey().IsMatch(text);

    /// <summary>
    /// The info line for a retried request: <c>registry R: connection refused; retrying in 0.5 s (retry 1 of 5)</c>, or for
    /// a stalled transfer, <c>registry R: no data from the registry for 30 s (GET /v2/...); trying again</c>.
    /// </summary>
    public static string Retrying(RetryNotice notice)
    {
        var reason = notice.Error is { } error ? Reason(error) : Status(notice.Status ?? 0);
        if (notice.Retry == 0)
            return $"registry {notice.Registry}: {reason} ({notice.Method} {notice.Path}); trying again";
        return $"registry {notice.Registry}: {reason}; retrying in {notice.Delay.TotalSeconds:0.#} s (retry {notice.Retry} of {notice.MaxRetries})";
    }

    /// <summary><c>503 Service Unavailable</c>.</summary>
    public static string Status(HttpStatusCode status) => $"{(int)status} {Words().Replace(status.ToString(), " $1")}";

    private static string? Socket(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset by peer",
        SocketError.ConnectionAborted => "connection aborted",
        SocketError.TimedOut => "timed out",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "network unreachable",
        SocketError.HostUnreachable or SocketError.HostDown => "host unreachable",
        SocketError.Shutdown => "the connection was shut down",
        _ => IsResourceKey(socket.Message) ? null : OneLine(socket.Message),
    };

    private static string Tls(Exception e)
    {
        for (var x = Innermost(e); x is not null; x = Outer(e, x))
        {
            var message = OneLine(x.Message);
            var key = KeyOf(message);
            if (key is "net_ssl_io_cert_chain_validation")
            {
                // The key's argument is the chain status ("UntrustedRoot"), readable as it is.
                var comma = message.IndexOf(',', StringComparison.Ordinal);
                return "certificate not trusted" + (comma > 0 ? ":" + message[(comma + 1)..] : "");
            }
            if (key is "net_io_eof" or "net_frame_read_size")
                return "the server did not answer with TLS";
            if (key is not null && Keys.TryGetValue(key, out var known) && key != "net_http_ssl_connection_failed")
                return known;
            if (key is null && x is not HttpRequestException && message.Length > 0)
                return message;
        }
        return "TLS handshake failed";
    }

    private static string? ByKind(HttpRequestError kind) => kind switch
    {
        HttpRequestError.NameResolutionError => "host not found",
        HttpRequestError.ConnectionError => "cannot connect",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.ResponseEnded => ClosedEarly,
        HttpRequestError.InvalidResponse => InvalidResponse,
        HttpRequestError.ProxyTunnelError => "the proxy refused the tunnel",
        HttpRequestError.HttpProtocolError => "HTTP protocol error",
        HttpRequestError.ConfigurationLimitExceeded => "the registry's answer exceeds a limit",
        HttpRequestError.VersionNegotiationError => "no HTTP version both sides speak",
        HttpRequestError.UserAuthenticationError => "proxy or server authentication failed",
        _ => null,
    };

    // A known key becomes its sentence; "key (Kind)" or "key, argument" forms are recognized by their key.
    private static string? Decode(string message) => KeyOf(message) is { } key && Keys.TryGetValue(key, out var sentence) ? sentence : null;

    private static string? KeyOf(string message)
    {
        var match = LeadingKey().Match(message);
        return match.Success ? match.Groups["key"].Value : null;
    }

    private static bool IsResourceKey(string message) => LeadingKey().IsMatch(message);

    /// <summary>The innermost exception of type <typeparamref name="T"/> in <paramref name="e"/>'s chain of inner exceptions.</summary>
    internal static T? Innermost<T>(Exception e) where T : Exception
    {
        T? found = null;
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
                found = t;
        }
        return found;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
            e = inner;
        return e;
    }

    // The exception that wraps inner within the chain from outer; null at the top.
    private static Exception? Outer(Exception outer, Exception inner)
    {
        for (var x = outer; x.InnerException is { } next; x = next)
        {
            if (ReferenceEquals(next, inner))
                return x;
        }
        return null;
    }

    private static string OneLine(string s) => string.Join(' ', s.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    // What SR.Format yields without resources: "net_http_invalid_response_premature_eof (ResponseEnded)", "net_io_readfailure, <inner>".
    [GeneratedRegex(@"^(?<key>(?:net|IO|Arg|InvalidOperation|ObjectDisposed|NotSupported|UnauthorizedAccess|Security)_[A-Za-z0-9_]+)(?:$|[ ,:(])")]
    private static partial Regex LeadingKey();

    [GeneratedRegex(@"\b(?:net|IO|Arg|InvalidOperation|ObjectDisposed|NotSupported|UnauthorizedAccess|Security|SR)_[A-Za-z0-9]+_[A-Za-z0-9_]+\b")]
    private static partial Regex AnyKey();

    [GeneratedRegex(@"(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
