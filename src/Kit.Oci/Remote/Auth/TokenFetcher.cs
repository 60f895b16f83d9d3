using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Kit.Oci.Remote.Auth;

/// <summary>
/// Gets an access token from a Bearer challenge's realm, following the distribution token spec:
/// https://distribution.github.io/distribution/spec/auth/token/ (GET with Basic credentials) and
/// https://distribution.github.io/distribution/spec/auth/oauth/ (POST refresh_token grant for identity tokens).
/// </summary>
internal sealed class TokenFetcher
{
    private readonly Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> _send;
    private readonly string _clientId;
    private readonly TimeProvider _time;

    public TokenFetcher(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, string clientId, TimeProvider time)
    {
        _send = send;
        _clientId = clientId;
        _time = time;
    }

    public async Task<BearerToken> FetchAsync(string registry, string? repository, AuthChallenge challenge,
        IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(challenge.Realm, UriKind.Absolute, out var realm) || (realm.Scheme != Uri.UriSchemeHttps && realm.Scheme != Uri.UriSchemeHttp))
            throw new AuthenticationException(registry, repository, null, $"the registry's token realm '{challenge.Realm}' is not an http(s) URL");

        var started = _time.GetUtcNow();
        using var request = credential?.IdentityToken is { } refreshToken
            ? RefreshTokenRequest(realm, challenge.Service, scopes, refreshToken)
            : BasicTokenRequest(realm, challenge.Service, scopes, credential);
        using var response = await _send(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var reason = await ErrorSummary.DescribeAsync(response, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
                reason = $"token realm {realm.GetLeftPart(UriPartial.Path)} answered {reason}";
            throw new AuthenticationException(registry, repository, response.StatusCode, reason);
        }
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Parse(body, started) ?? throw new AuthenticationException(registry, repository, response.StatusCode,
            $"token realm {realm.GetLeftPart(UriPartial.Path)} answered without a token");
    }

    private HttpRequestMessage RefreshTokenRequest(Uri realm, string? service, IReadOnlyList<string> scopes, string refreshToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", refreshToken),
            new("client_id", _clientId),
        };
        if (service is not null)
            form.Add(new("service", service));
        if (scopes.Count > 0)
            form.Add(new("scope", string.Join(' ', scopes)));
        return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
    }

    private static HttpRequestMessage BasicTokenRequest(Uri realm, string? service, IReadOnlyList<string> scopes, RegistryCredential? credential)
    {
        var query = new StringBuilder(realm.Query.Length > 1 ? realm.Query[1..] : "");
        void Add(string name, string value)
        {
            if (query.Length > 0)
                query.Append('&');
            query.Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        // account= is what docker and skopeo send; some realms use it to pick the user before checking the password.
        if (credential?.HasPassword == true)
            Add("account", credential.Username!);
        if (service is not null)
            Add("service", service);
        foreach (var scope in scopes)
            Add("scope", scope);
        var uri = new UriBuilder(realm) { Query = query.ToString() }.Uri;
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (credential?.HasPassword == true)
            request.Headers.Authorization = BasicHeader(credential);
        return request;
    }

    public static AuthenticationHeaderValue BasicHeader(RegistryCredential credential) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}")));

    private static BearerToken? Parse(byte[] body, DateTimeOffset obtainedAt)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            // OAuth2 realms answer access_token, the docker token spec answers token; either may appear alone.
            var value = NonEmpty(root, "access_token") ?? NonEmpty(root, "token");
            if (value is null)
                return null;
            var lifetime = BearerToken.DefaultLifetime;
            if (root.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number
                && expires.TryGetDouble(out var seconds) && seconds > 0)
                lifetime = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.FromDays(365).TotalSeconds));
            return new BearerToken(value, obtainedAt, lifetime);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? NonEmpty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;
}
