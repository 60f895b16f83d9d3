using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kit.Oci.Remote;
using Kit.Oci.Remote.Auth;

namespace Kit.Cli.Tests.Registry;

/// <summary>AuthHandler against the real registry: basic auth over TLS and bearer tokens from the in-test issuer.</summary>
public class RegistryAuthTests
{
    private static HttpClient Client(RegistryFixture registry, RegistryCredential? credential, out AuthHandler handler)
    {
        var provider = new StaticCredentialProvider();
        if (credential is not null)
            provider.Add(registry.HostPort, credential);
        handler = new AuthHandler(registry.CreateTransport(), provider);
        return new HttpClient(handler) { BaseAddress = registry.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    private static RegistryCredential Good(RegistryFixture r) => RegistryCredential.FromPassword(r.Username, r.Password);

    private static HttpRequestMessage Catalog() => new HttpRequestMessage(HttpMethod.Get, "/v2/_catalog").WithScopes(Scope.Catalog);

    [RegistryFact]
    public async Task Plain_http_registry_answers_without_auth()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        using var client = Client(registry, null, out _);
        using var response = await client.GetAsync("/v2/");
        Assert.True(response.StatusCode == HttpStatusCode.OK, registry.Describe($"got {response.StatusCode}"));
    }

    [RegistryTheory]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Anonymous_is_refused_and_credentials_are_accepted(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        using (var plain = new HttpClient(registry.CreateTransport()) { BaseAddress = registry.BaseAddress })
        using (var anonymous = await plain.GetAsync("/v2/"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            var challenge = AuthChallenge.Select(AuthChallenge.ParseAll(anonymous.Headers.NonValidated["WWW-Authenticate"]))!;
            Assert.Equal(mode == RegistryMode.TlsBasicAuth ? AuthScheme.Basic : AuthScheme.Bearer, challenge.Scheme);
        }

        using var client = Client(registry, Good(registry), out _);
        using var ok = await client.GetAsync("/v2/");
        Assert.True(ok.StatusCode == HttpStatusCode.OK, registry.Describe($"got {ok.StatusCode}"));
        using var catalog = await client.SendAsync(Catalog());
        Assert.True(catalog.StatusCode == HttpStatusCode.OK, registry.Describe($"catalog: {catalog.StatusCode}"));
    }

    [RegistryTheory]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Wrong_password_throws_without_the_password(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        const string wrong = "Wr0ng-Secret-Value";
        using var client = Client(registry, RegistryCredential.FromPassword(registry.Username, wrong), out _);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/org/model/tags/list").WithScopes(Scope.RepositoryPull("org/model"));
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => client.SendAsync(request));
        Assert.StartsWith($"authentication failed for {registry.HostPort} (repository org/model): 401 UNAUTHORIZED: ", ex.Message);
        Assert.EndsWith($". Check your credentials or run kit login {registry.HostPort}", ex.Message);
        Assert.DoesNotContain(wrong, ex.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.Username}:{wrong}")), ex.ToString());
        Assert.DoesNotContain('\n', ex.Message);
    }

    [RegistryFact]
    public async Task Basic_message_matches_the_documented_line()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        using var client = Client(registry, RegistryCredential.FromPassword(registry.Username, "nope"), out _);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/org/model/manifests/v1").WithScopes(Scope.RepositoryPull("org/model"));
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => client.SendAsync(request));
        Assert.Equal($"authentication failed for {registry.HostPort} (repository org/model): 401 UNAUTHORIZED: authentication required. " +
                     $"Check your credentials or run kit login {registry.HostPort}", ex.Message);
    }

    [RegistryFact]
    public async Task Token_is_accepted_by_the_registry_and_cached()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        var issuer = registry.TokenIssuer!;
        using var client = Client(registry, Good(registry), out _);

        for (var i = 0; i < 5; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/org/model/tags/list").WithScopes(Scope.RepositoryPull("org/model"));
            using var response = await client.SendAsync(request);
            // The repository does not exist, so 404 NAME_UNKNOWN proves the token (and its libtrust kid) was accepted.
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, registry.Describe($"got {response.StatusCode}"));
        }
        Assert.Equal(1, issuer.RequestCount);
        var record = Assert.Single(issuer.Requests);
        Assert.Equal(registry.Username, record.User);
        Assert.Equal(["repository:org/model:pull"], record.Scopes);
        Assert.Contains(record.Parameters, p => p.Key == "service" && p.Value == TokenIssuer.Service);

        // A different scope set is another token.
        using var push = new HttpRequestMessage(HttpMethod.Post, "/v2/org/model/blobs/uploads/").WithScopes(Scope.RepositoryPush("org/model"));
        using var pushResponse = await client.SendAsync(push);
        Assert.True(pushResponse.StatusCode == HttpStatusCode.Accepted, registry.Describe($"upload POST: {pushResponse.StatusCode}"));
        Assert.Equal(2, issuer.RequestCount);
    }

    [RegistryFact]
    public async Task Challenge_scope_is_merged_when_the_caller_gave_none()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        using var client = Client(registry, Good(registry), out _);
        using var response = await client.GetAsync("/v2/other/repo/tags/list");
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, registry.Describe($"got {response.StatusCode}"));
        Assert.Equal(["repository:other/repo:pull"], Assert.Single(registry.TokenIssuer!.Requests).Scopes);
    }

    [RegistryFact]
    public async Task Short_lived_token_is_refreshed()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        registry.TokenIssuer!.ExpiresIn = 1;
        using var client = Client(registry, Good(registry), out _);
        using (var first = await client.SendAsync(Catalog()))
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        await Task.Delay(1200);
        using (var second = await client.SendAsync(Catalog()))
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, registry.TokenIssuer.RequestCount);
    }

    [RegistryFact]
    public async Task Concurrent_requests_share_one_token_request()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        registry.TokenIssuer!.Delay = TimeSpan.FromMilliseconds(300);
        using var client = Client(registry, Good(registry), out _);
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.SendAsync(Catalog())));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, registry.TokenIssuer.RequestCount);
    }

    [RegistryFact]
    public async Task Anonymous_token_without_rights_is_an_authentication_error()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        using var client = Client(registry, null, out _);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/org/model/tags/list").WithScopes(Scope.RepositoryPull("org/model"));
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => client.SendAsync(request));
        Assert.Contains("(repository org/model): 401 UNAUTHORIZED", ex.Message);
        var record = Assert.Single(registry.TokenIssuer!.Requests);
        Assert.Null(record.User);
    }

    [RegistryFact]
    public async Task Anonymous_pull_works_when_the_realm_grants_it()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        registry.TokenIssuer!.AnonymousActions = [Scope.Pull];
        using var client = Client(registry, null, out _);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/org/model/tags/list").WithScopes(Scope.RepositoryPull("org/model"));
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.NotFound, registry.Describe($"got {response.StatusCode}"));
    }

    [RegistryFact]
    public async Task Identity_token_uses_refresh_grant()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        using var client = Client(registry, RegistryCredential.FromIdentityToken($"refresh-{registry.Username}"), out _);
        using var response = await client.SendAsync(Catalog());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = Assert.Single(registry.TokenIssuer!.Requests);
        Assert.Equal("POST", record.Method);
        Assert.Contains(record.Parameters, p => p.Key == "client_id" && p.Value == "kit");
    }

    [RegistryFact]
    public async Task Replayable_upload_body_survives_the_challenge()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        using var client = Client(registry, Good(registry), out _);
        var blob = Encoding.UTF8.GetBytes("hello registry");
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(blob));

        using var start = new HttpRequestMessage(HttpMethod.Post, "/v2/org/model/blobs/uploads/").WithScopes(Scope.RepositoryPush("org/model"));
        using var started = await client.SendAsync(start);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!;
        
        var absolute = location.IsAbsoluteUri ? location : new Uri(registry.BaseAddress, location);
        var putUri = new Uri(absolute + (absolute.Query.Length > 0 ? "&" : "?") + $"digest={digest}");

        // A fresh handler: the first request meets the challenge and must replay its body.
        using var fresh = Client(registry, Good(registry), out _);
        using var upload = new HttpRequestMessage(HttpMethod.Put, putUri).WithScopes(Scope.RepositoryPush("org/model"))
            .WithContentFactory(() =>
            {
                var content = new ByteArrayContent(blob);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return content;
            });
        using var uploaded = await fresh.SendAsync(upload);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, registry.Describe($"PUT: {uploaded.StatusCode}"));

    }
}
