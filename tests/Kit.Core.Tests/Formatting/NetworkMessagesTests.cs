using System.Net;
using System.Net.Sockets;
using Kit.Core.Formatting;
using Kit.Oci.Remote.Retry;

namespace Kit.Core.Tests.Formatting;

/// <summary>
/// Network failures as the Native AOT binary sees them: the runtime's messages are resource keys such as
/// <c>net_http_invalid_response_premature_eof (ResponseEnded)</c>, and each must become a sentence.
/// </summary>
public sealed class NetworkMessagesTests
{
    public static TheoryData<Exception, string> KeyedFailures => new()
    {
        { new HttpRequestException(HttpRequestError.ResponseEnded, "net_http_invalid_response_premature_eof (ResponseEnded)"), "the registry closed the connection before the end of the response" },
        { new HttpIOException(HttpRequestError.ResponseEnded, "net_http_invalid_response_premature_eof_bytecount, 1000"), "the registry closed the connection before the end of the response" },
        { new HttpRequestException(HttpRequestError.InvalidResponse, "net_http_invalid_response_status_line, HTTX/1.1"), "the registry sent an invalid HTTP response" },
        { new HttpRequestException(HttpRequestError.Unknown, "net_http_client_execution_error", new IOException("net_io_readfailure, net_io_connectionclosed")), "reading from the connection failed" },
        { new HttpRequestException(HttpRequestError.ConnectionError, "net_http_client_execution_error", new SocketException((int)SocketError.ConnectionRefused)), "connection refused" },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "net_http_ssl_connection_failed", new IOException("net_io_eof")), "the server did not answer with TLS" },
        { new HttpRequestException(HttpRequestError.SecureConnectionError, "net_http_ssl_connection_failed",
            new System.Security.Authentication.AuthenticationException("net_ssl_io_cert_chain_validation, UntrustedRoot")), "certificate not trusted: UntrustedRoot" },
        { new HttpRequestException(HttpRequestError.HttpProtocolError, "net_http_some_future_key"), "HTTP protocol error" },
        { new IOException("net_some_unknown_key_without_kind"), "the connection broke" },
        { new TaskCanceledException("TaskCanceled_Message", new TimeoutException("net_http_connect_timedout")), "timed out" },
    };

    [Theory]
    [MemberData(nameof(KeyedFailures))]
    public void Resource_keys_become_sentences(Exception failure, string expected)
    {
        var reason = NetworkMessages.Reason(failure);
        Assert.Equal(expected, reason);
        Assert.False(NetworkMessages.ContainsResourceKey(reason), reason);
    }

    [Fact]
    public void Readable_messages_are_kept()
    {
        Assert.Equal("Connection refused by policy", NetworkMessages.Reason(new HttpRequestException("outer", new IOException("Connection refused by policy"))));
    }

    [Fact]
    public void Resource_keys_are_recognized_in_text()
    {
        Assert.True(NetworkMessages.ContainsResourceKey("request failed (net_http_invalid_response_premature_eof (ResponseEnded))"));
        Assert.True(NetworkMessages.ContainsResourceKey("IO_FileNotFound_FileName, /tmp/x"));
        Assert.False(NetworkMessages.ContainsResourceKey("registry 127.0.0.1:5000: connection refused; retrying in 0.2 s (retry 1 of 5)"));
    }

    [Fact]
    public void Retries_are_one_line_with_their_reason()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "net_http_client_execution_error", new SocketException((int)SocketError.ConnectionRefused));
        Assert.Equal("registry r:5000: connection refused; retrying in 0.5 s (retry 2 of 5)",
            NetworkMessages.Retrying(new RetryNotice("r:5000", "GET", "/v2/", refused, null, TimeSpan.FromMilliseconds(500), 2, 5)));
        Assert.Equal("registry r:5000: 503 Service Unavailable; retrying in 1 s (retry 1 of 5)",
            NetworkMessages.Retrying(new RetryNotice("r:5000", "GET", "/v2/", null, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(1), 1, 5)));
    }
}
