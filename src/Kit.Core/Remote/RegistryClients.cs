using System.Net;
using System.Security.Cryptography;
using Kit.Core.Credentials;
using Kit.Core.Formatting;
using Kit.Core.References;
using Kit.Oci.Remote;
using Kit.Oci.Remote.Auth;

namespace Kit.Core.Remote;

/// <summary>
/// Opens registry repositories for one run. All of them share one HttpClient (connection pool, token cache,
/// credential lookups), built on first use: scopes → auth → retry → TLS/proxy transport.
/// </summary>
internal sealed class RegistryClients : IDisposable
{
    private readonly RemoteSettings _settings;
    private readonly ICredentialProvider _credentials;
    private readonly IReadOnlyList<Func<DelegatingHandler>> _outerHandlers;
    private readonly Lazy<HttpClient> _http;

    /// <param name="settings">TLS, proxy, plain HTTP and concurrency for every repository opened.</param>
    /// <param name="credentials">Where registry credentials come from.</param>
    /// <param name="outerHandlers">Made once, placed between auth and retry (e.g. request tracing).</param>
    public RegistryClients(RemoteSettings settings, ICredentialProvider credentials, params IReadOnlyList<Func<DelegatingHandler>> outerHandlers)
    {
        _settings = settings;
        _credentials = credentials;
        _outerHandlers = outerHandlers;
        _http = new Lazy<HttpClient>(CreateHttpClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Credentials from <c>kit login</c> first, then Docker's config.</summary>
    public static RegistryClients ForKitHome(string kitopsHome, RemoteSettings settings, params IReadOnlyList<Func<DelegatingHandler>> outerHandlers) =>
        new(settings, KitCredentials.CreateProvider(kitopsHome), outerHandlers);

    public RemoteSettings Settings => _settings;

    /// <summary>Receives an info line for each request retried and each stalled transfer resumed.</summary>
    public Action<string>? Notices { get; init; }

    public HttpClient Http => _http.Value;

    public RemoteRepository Open(ModelReference reference) => Open(reference.Registry, reference.Repository);

    public RemoteRepository Open(string registry, string repository) =>
        new(Http, registry, repository, new RemoteRepositoryOptions
        {
            PlainHttp = _settings.PlainHttp,
            MonolithicThreshold = _settings.UploadChunkSize,
            ChunkSize = _settings.UploadChunkSize,
            RangeConcurrency = _settings.Concurrency,
        });

    /// <summary>
    /// <c>GET /v2/</c> with whatever credential the provider has: the check <c>kit login</c> makes before storing one.
    /// </summary>
    /// <exception cref="AuthenticationException">The registry (or its token service) refused the credential.</exception>
    public async Task PingAsync(string registry, CancellationToken cancellationToken = default)
    {
        var uri = new Uri($"{(_settings.PlainHttp ? "http" : "https")}://{registry}/v2/");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Options.Set(RegistryRequestContext.Key, new RegistryRequestContext(registry, null, []));
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
            return;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
            throw new AuthenticationException(registry, null, response.StatusCode, "401 Unauthorized (the registry sent no usable challenge)");
        throw new RegistryAccessException(registry, RegistryFailureKind.NotARegistry,
            $"registry {registry}: GET /v2/ answered {(int)response.StatusCode} {response.ReasonPhrase}; is this an OCI registry?",
            plainHttp: _settings.PlainHttp);
    }

    /// <summary>
    /// Whether the registry can be reached at all (name, connection, TLS): <c>GET /v2/</c>, where any answer, even a
    /// refusal of the credential, counts. Push calls it before announcing uploads, so a registry it cannot reach fails
    /// with one line and no upload lines.
    /// </summary>
    /// <exception cref="RegistryAccessException">Plain HTTP was asked for and the registry speaks HTTPS.</exception>
    public async Task CheckReachableAsync(string registry, CancellationToken cancellationToken = default)
    {
        // The repository's address knows the scheme and Docker Hub's API host.
        var uri = new Uri(Open(registry, "_").BaseUri, "/v2/");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Options.Set(RegistryRequestContext.Key, new RegistryRequestContext(registry, null, []));
        try
        {
            using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.BadRequest && _settings.PlainHttp
                && (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Contains("HTTP request to an HTTPS server", StringComparison.OrdinalIgnoreCase))
                throw new RegistryAccessException(registry, RegistryFailureKind.PlainHttpToHttpsRegistry,
                    $"registry {registry} speaks HTTPS but plain HTTP was requested", plainHttp: true);
        }
        catch (AuthenticationException)
        {
            // It answered: credentials are the push's own business, with its own message.
        }
    }

    private HttpClient CreateHttpClient()
    {
        var options = new RegistryHttpClientOptions
        {
            Version = _settings.Version,
            TlsVerify = _settings.TlsVerify,
            TrustedCertificateFiles = _settings.TrustedCertificateFiles,
            ClientCertificateFile = _settings.ClientCertificateFile,
            ClientKeyFile = _settings.ClientKeyFile,
            Proxy = _settings.Proxy,
            StallTimeout = _settings.StallTimeout,
            OnRetry = Notices is { } notices ? notice => notices(NetworkMessages.Retrying(notice)) : null,
        };
        // Tracing sits inside auth so it sees the 401s and token requests too.
        // The client owns these handlers once created, and the factory disposes them if it fails.
#pragma warning disable CA2000
        DelegatingHandler[] handlers = [new AuthHandler(_credentials), .. _outerHandlers.Select(make => make())];
#pragma warning restore CA2000
        try
        {
            return RegistryHttpClientFactory.Create(options, handlers);
        }
        catch (ArgumentException e) when (_settings.TrustedCertificateFiles.Count > 0 && e.Message.Contains("TLS certificate file", StringComparison.Ordinal))
        {
            throw new KitException(e.Message, e);
        }
        catch (CryptographicException e)
        {
            throw new KitException($"cannot use client certificate {_settings.ClientCertificateFile} with key {_settings.ClientKeyFile}: {e.Message}", e);
        }
    }

    public void Dispose()
    {
        if (_http.IsValueCreated)
            _http.Value.Dispose();
    }
}
