using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;

namespace Kit.Oci.Remote.Auth;

/// <summary>
/// Answers registry auth challenges (Basic and Bearer) for every request that passes through.
/// <list type="bullet">
/// <item>Once a host's scheme is known, credentials or a cached token are attached up front, so a steady stream of
/// requests costs no 401 round-trips.</item>
/// <item>Scopes come from the request (<see cref="AuthRequestOptions.Scopes"/>, and what the <see cref="RegistryRequestContext"/> that
/// <see cref="RemoteRepository"/> attaches says the request is for) merged with the challenge's own.</item>
/// <item>Tokens are cached per (host, scope set) and shared by concurrent requests: one token request each.</item>
/// <item>A request is replayed after a challenge only if <see cref="ReplayableContent"/> can give its body again;
/// otherwise the 401 is returned as is.</item>
/// <item>A 401 after credentials were tried becomes an <see cref="AuthenticationException"/>.</item>
/// </list>
/// No secret appears in an exception message.
/// </summary>
internal sealed class AuthHandler : DelegatingHandler
{
    public const string DefaultClientId = "kit";

    private readonly ICredentialProvider _credentials;
    private readonly TokenCache _tokens;
    private readonly TokenFetcher _fetcher;
    private readonly ConcurrentDictionary<string, AuthChallenge> _schemes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Task<RegistryCredential?>> _credentialCache = new(StringComparer.OrdinalIgnoreCase);

    public AuthHandler(ICredentialProvider credentials, TokenCache? tokens = null, string clientId = DefaultClientId, TimeProvider? time = null)
    {
        _credentials = credentials;
        _tokens = tokens ?? new TokenCache(time);
        _fetcher = new TokenFetcher(base.SendAsync, clientId, time ?? TimeProvider.System);
    }

    public AuthHandler(HttpMessageHandler innerHandler, ICredentialProvider credentials, TokenCache? tokens = null,
        string clientId = DefaultClientId, TimeProvider? time = null)
        : this(credentials, tokens, clientId, time) => InnerHandler = innerHandler;

    public TokenCache Tokens => _tokens;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A caller that set its own Authorization knows what it wants.
        if (request.Headers.Authorization is not null || request.RequestUri is not { IsAbsoluteUri: true } uri)
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var registry = uri.Authority;
        var scopes = ScopesFor(request);
        var sent = await AttachKnownAsync(request, registry, scopes, cancellationToken).ConfigureAwait(false);

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
            return response;

        var challenge = AuthChallenge.Select(ReadChallenges(response));
        if (challenge is null || !ReplayableContent.CanReplay(request))
            return response;
        _schemes[registry] = challenge;

        var allScopes = Scope.Merge(scopes.Concat(Scope.Split(challenge.Scope)));
        var repository = RepositoryOf(allScopes, uri);
        var credential = await GetCredentialAsync(registry, cancellationToken).ConfigureAwait(false);

        AuthenticationHeaderValue header;
        if (challenge.Scheme == AuthScheme.Basic)
        {
            if (credential?.HasPassword != true || sent.Basic)
                throw await FailAsync(response, registry, repository, cancellationToken).ConfigureAwait(false);
            header = TokenFetcher.BasicHeader(credential);
        }
        else if (credential?.AccessToken is { } accessToken)
        {
            if (sent.Bearer == accessToken)
                throw await FailAsync(response, registry, repository, cancellationToken).ConfigureAwait(false);
            header = new AuthenticationHeaderValue("Bearer", accessToken);
        }
        else
        {
            var token = await FetchTokenAsync(registry, repository, challenge, allScopes, credential, sent.Bearer, cancellationToken)
                .ConfigureAwait(false);
            header = new AuthenticationHeaderValue("Bearer", token.Value);
        }

        response.Dispose();
        request.Headers.Authorization = header;
        ReplayableContent.Rewind(request);
        var retried = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (retried.StatusCode == HttpStatusCode.Unauthorized)
            throw await FailAsync(retried, registry, repository, cancellationToken).ConfigureAwait(false);
        return retried;
    }

    private async Task<Sent> AttachKnownAsync(HttpRequestMessage request, string registry, IReadOnlyList<string> scopes,
        CancellationToken cancellationToken)
    {
        if (!_schemes.TryGetValue(registry, out var known))
            return default;
        if (known.Scheme == AuthScheme.Basic)
        {
            var credential = await GetCredentialAsync(registry, cancellationToken).ConfigureAwait(false);
            if (credential?.HasPassword != true)
                return default;
            request.Headers.Authorization = TokenFetcher.BasicHeader(credential);
            return new Sent(true, null);
        }

        var cached = _tokens.TryGet(TokenCache.Key(registry, scopes));
        if (cached is null && scopes.Count > 0)
        {
            // The realm is known, so fetch before sending: it saves the 401 round-trip, and it is the only way a
            // request whose body cannot be replayed gets through a Bearer registry.
            var credential = await GetCredentialAsync(registry, cancellationToken).ConfigureAwait(false);
            if (credential?.AccessToken is { } accessToken)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                return new Sent(false, accessToken);
            }
            cached = await FetchTokenAsync(registry, RepositoryOf(scopes, request.RequestUri!), known, scopes, credential, null, cancellationToken)
                .ConfigureAwait(false);
        }
        if (cached is null)
            return default;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cached.Value);
        return new Sent(false, cached.Value);
    }

    private Task<BearerToken> FetchTokenAsync(string registry, string? repository, AuthChallenge challenge, IReadOnlyList<string> scopes,
        RegistryCredential? credential, string? rejected, CancellationToken cancellationToken) =>
        _tokens.GetOrFetchAsync(
            TokenCache.Key(registry, scopes),
            ct => _fetcher.FetchAsync(registry, repository, challenge, scopes, credential, ct),
            rejected,
            cancellationToken);

    private async Task<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken)
    {
        // Providers may run an external credential helper; ask once per host and share the answer.
        var task = _credentialCache.GetOrAdd(registry, r => _credentials.GetCredentialAsync(r, CancellationToken.None).AsTask());
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!task.IsCompletedSuccessfully && task.IsCompleted)
        {
            _credentialCache.TryRemove(new KeyValuePair<string, Task<RegistryCredential?>>(registry, task));
            throw;
        }
    }

    private static async Task<AuthenticationException> FailAsync(HttpResponseMessage response, string registry, string? repository,
        CancellationToken cancellationToken)
    {
        using (response)
        {
            var reason = await ErrorSummary.DescribeAsync(response, cancellationToken).ConfigureAwait(false);
            return new AuthenticationException(registry, repository, response.StatusCode, reason);
        }
    }

    private static IReadOnlyList<AuthChallenge> ReadChallenges(HttpResponseMessage response) =>
        response.Headers.NonValidated.TryGetValues("WWW-Authenticate", out var values) ? AuthChallenge.ParseAll(values) : [];

    internal static string? RepositoryOf(IReadOnlyList<string> scopes, Uri uri)
    {
        var fromScope = Scope.RepositoryNames(scopes).FirstOrDefault();
        if (fromScope is not null)
            return fromScope;
        // /v2/<name>/(manifests|blobs|tags)/...: the name has slashes, so look for the last known segment.
        var path = uri.AbsolutePath;
        if (!path.StartsWith("/v2/", StringComparison.Ordinal))
            return null;
        foreach (var marker in (ReadOnlySpan<string>)["/manifests/", "/blobs/", "/tags/"])
        {
            var at = path.LastIndexOf(marker, StringComparison.Ordinal);
            if (at > 4)
                return Uri.UnescapeDataString(path[4..at]);
        }
        return null;
    }

    private readonly record struct Sent(bool Basic, string? Bearer);

    /// <summary>
    /// The token scopes a request needs: those set on it, plus what <see cref="RemoteRepository"/> says it is for.
    /// Known up front, a Bearer registry costs one challenge per registry instead of one per request.
    /// </summary>
    private static IReadOnlyList<string> ScopesFor(HttpRequestMessage request)
    {
        if (RegistryRequestContext.Get(request) is { Repository: { } repository } context && context.Actions.Count > 0)
        {
            request.WithScopes(Scope.Repository(repository, [.. context.Actions]));
            if (context.MountFrom is { } from)
                request.WithScopes(Scope.RepositoryPull(from));
        }
        return request.GetScopes();
    }
}
