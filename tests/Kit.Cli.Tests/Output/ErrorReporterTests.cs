using Kit.Cli.Output;
using Kit.Core.Remote;

namespace Kit.Cli.Tests.Output;

/// <summary>Core's registry failures carry a kind and no CLI flags; the reporter adds the flags to try.</summary>
public sealed class ErrorReporterTests
{
    private const string Registry = "registry.example.com";

    [Theory]
    [InlineData(RegistryFailureKind.AccessDenied, false, "x: access denied by registry registry.example.com (403)",
        "x: access denied by registry registry.example.com (403); check your permissions or run kit login registry.example.com")]
    [InlineData(RegistryFailureKind.PlainHttpToHttpsRegistry, true, "registry registry.example.com speaks HTTPS but plain HTTP was requested",
        "registry registry.example.com speaks HTTPS but --plain-http was given; drop --plain-http")]
    [InlineData(RegistryFailureKind.TlsHandshake, false, "registry registry.example.com: TLS handshake failed (certificate not trusted)",
        "registry registry.example.com: TLS handshake failed (certificate not trusted); for a self-signed certificate use --tls-verify=false "
        + "or trust its CA with --tls-cert, for a registry without TLS use --plain-http, for client certificates pass --cert and --key")]
    [InlineData(RegistryFailureKind.ProxyRefused, false, "registry registry.example.com: the proxy refused the connection (407)",
        "registry registry.example.com: the proxy refused the connection (407); check --proxy or HTTPS_PROXY")]
    [InlineData(RegistryFailureKind.RequestFailed, false, "registry registry.example.com: request failed (eof)",
        "registry registry.example.com: request failed (eof); if the registry has no TLS, use --plain-http")]
    [InlineData(RegistryFailureKind.RequestFailed, true, "registry registry.example.com: request failed (eof)",
        "registry registry.example.com: request failed (eof)")]
    [InlineData(RegistryFailureKind.NotARegistry, false, "registry registry.example.com: GET /v2/ answered 404 Not Found; is this an OCI registry?",
        "registry registry.example.com: GET /v2/ answered 404 Not Found; is this an OCI registry? (a registry without TLS needs --plain-http)")]
    [InlineData(RegistryFailureKind.NotFound, false, "x: not found in registry registry.example.com (404)", "x: not found in registry registry.example.com (404)")]
    public void Registry_failures_get_the_flags_to_try(RegistryFailureKind kind, bool plainHttp, string coreMessage, string printed)
    {
        Assert.DoesNotContain("--", coreMessage, StringComparison.Ordinal);
        Assert.Equal(printed, ErrorReporter.Message(new RegistryAccessException(Registry, kind, coreMessage, null, plainHttp)));
    }

    [Fact]
    public void Core_translation_names_no_flags()
    {
        var tls = new HttpRequestException(HttpRequestError.SecureConnectionError, "handshake failed");
        var translated = RemoteFailure.Translate(tls, Registry, Registry + "/org/m:1", plainHttp: false)!;
        Assert.Equal(RegistryFailureKind.TlsHandshake, translated.Kind);
        Assert.DoesNotContain("--", translated.Message, StringComparison.Ordinal);
        Assert.Contains("--tls-verify=false", ErrorReporter.Message(translated), StringComparison.Ordinal);
    }
}
