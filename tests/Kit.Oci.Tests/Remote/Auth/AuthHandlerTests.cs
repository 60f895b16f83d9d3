using System.Net;
using System.Text;
using Kit.Oci.Remote;
using Kit.Oci.Remote.Auth;

namespace Kit.Oci.Tests.Remote.Auth;

public class AuthHandlerTests
{
    private static readonly RegistryCredential Good = RegistryCredential.FromPassword(FakeRegistryHandler.User, FakeRegistryHandler.Password);

    private static HttpClient Client(FakeRegistryHandler fake, RegistryCredential? credential, ManualTime? time = null)
    {
        var provider = new StaticCredentialProvider();
        if (credential is not null)
            provider.Add("reg", credential);
        return new HttpClient(new AuthHandler(fake, provider, time: time));
    }

    private static HttpRequestMessage Get(string path = "/v2/org/model/manifests/v1") =>
        new HttpRequestMessage(HttpMethod.Get, "http://reg" + path).WithScopes(Scope.RepositoryPull("org/model"));

    [Fact]
    public async Task Basic_retries_with_credentials_then_attaches_them_up_front()
    {
        var fake = new FakeRegistryHandler();
        using var client = Client(fake, Good);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get())).StatusCode);
        Assert.Equal(1, fake.Challenges);
        Assert.Equal(4, fake.RegistryRequests);
    }

    [Fact]
    public async Task Basic_wrong_password_throws_without_secret()
    {
        var fake = new FakeRegistryHandler();
        using var client = Client(fake, RegistryCredential.FromPassword("alice", "WRONG-pw-123"));
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => client.SendAsync(Get()));
        Assert.Equal("authentication failed for reg (repository org/model): 401 UNAUTHORIZED: authentication required. Check your credentials or run kit login reg",
            ex.Message);
        Assert.DoesNotContain("WRONG-pw-123", ex.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task Basic_without_credentials_throws_with_login_hint()
    {
        var fake = new FakeRegistryHandler();
        using var client = Client(fake, null);
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => client.SendAsync(Get("/v2/")));
        Assert.Contains("run kit login reg", ex.Message);
    }

    [Fact]
    public async Task Bearer_fetches_token_with_request_and_challenge_scopes_and_caches_it()
    {
        var fake = new FakeRegistryHandler { Bearer = true };
        using var client = Client(fake, Good);
        using var first = new HttpRequestMessage(HttpMethod.Get, "http://reg/v2/org/model/manifests/v1").WithScopes(Scope.RepositoryPush("org/model"));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(first)).StatusCode);
        var tokenRequest = Assert.Single(fake.TokenRequests);
        Assert.Equal(HttpMethod.Get, tokenRequest.Method);
        Assert.Equal("?account=alice&service=fake&scope=repository%3Aorg%2Fmodel%3Apull%2Cpush", tokenRequest.RequestUri!.Query);
        Assert.Equal("Basic", tokenRequest.Headers.Authorization!.Scheme);

        for (var i = 0; i < 3; i++)
        {
            using var again = new HttpRequestMessage(HttpMethod.Get, "http://reg/v2/org/model/blobs/x").WithScopes(Scope.RepositoryPush("org/model"));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(again)).StatusCode);
        }
        Assert.Single(fake.TokenRequests);
        Assert.Equal(1, fake.Challenges);
    }

    [Fact]
    public async Task Bearer_known_realm_fetches_new_scope_up_front()
    {
        var fake = new FakeRegistryHandler { Bearer = true };
        using var client = Client(fake, Good);
        await client.SendAsync(Get());
        using var other = new HttpRequestMessage(HttpMethod.Get, "http://reg/v2/other/tags/list").WithScopes(Scope.RepositoryPull("other"));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
        Assert.Equal(2, fake.TokenRequests.Count);
        Assert.Equal(1, fake.Challenges);
    }

    [Fact]
    public async Task Bearer_anonymous_token_request_has_no_account_and_no_authorization()
    {
        var fake = new FakeRegistryHandler { Bearer = true };
        using var client = Client(fake, null);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get())).StatusCode);
        var tokenRequest = Assert.Single(fake.TokenRequests);
        Assert.Null(tokenRequest.Headers.Authorization);
        Assert.DoesNotContain("account", tokenRequest.RequestUri!.Query);
    }

    [Fact]
    public async Task Bearer_identity_token_uses_refresh_token_grant()
    {
        var fake = new FakeRegistryHandler { Bearer = true };
        using var client = Client(fake, RegistryCredential.FromIdentityToken(FakeRegistryHandler.RefreshToken));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get())).StatusCode);
        Assert.Equal(HttpMethod.Post, Assert.Single(fake.TokenRequests).Method);
        Assert.Equal("grant_type=refresh_token&refresh_token=refresh-XYZ&client_id=kit&service=fake&scope=repository%3Aorg%2Fmodel%3Apull",
            Assert.Single(fake.TokenBodies));
    }

    [Fact]
    public async Task Bearer_refused_credentials_throw_without_secret()
    {
        var fake = new FakeRegistryHandler { Bearer = true };
        using var client = Client(fake, RegistryCredential.FromPassword("alice", "nope-PW-987"));
        var ex = await Assert.ThrowsAsync<AuthenticationException>(() => client.SendAsync(Get()));
        Assert.Equal("authentication failed for reg (repository org/model): 401 UNAUTHORIZED: bad credentials. Check your credentials or run kit login reg", ex.Message);
        Assert.DoesNotContain("nope-PW-987", ex.ToString());
    }

    [Fact]
    public async Task Concurrent_requests_share_one_token_request()
    {
        var fake = new FakeRegistryHandler { Bearer = true, TokenDelay = TimeSpan.FromMilliseconds(200) };
        using var client = Client(fake, Good);
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.SendAsync(Get())));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(fake.TokenRequests);
    }

    [Fact]
    public async Task Concurrent_failures_share_one_token_request()
    {
        var fake = new FakeRegistryHandler { Bearer = true, TokenDelay = TimeSpan.FromMilliseconds(200) };
        using var client = Client(fake, RegistryCredential.FromPassword("alice", "bad"));
        var tasks = Enumerable.Range(0, 8).Select(_ => client.SendAsync(Get())).ToList();
        foreach (var task in tasks)
            await Assert.ThrowsAsync<AuthenticationException>(() => task);
        Assert.Single(fake.TokenRequests);
    }

    [Fact]
    public async Task Expired_token_is_refreshed()
    {
        var time = new ManualTime();
        var fake = new FakeRegistryHandler { Bearer = true, ExpiresIn = 10 };
        using var client = Client(fake, Good, time);
        await client.SendAsync(Get());
        time.Now += TimeSpan.FromSeconds(5);
        await client.SendAsync(Get());
        Assert.Single(fake.TokenRequests);
        time.Now += TimeSpan.FromSeconds(4); // within the refresh margin (a fifth of the lifetime)
        await client.SendAsync(Get());
        Assert.Equal(2, fake.TokenRequests.Count);
    }

    [Fact]
    public async Task Revoked_token_is_replaced_once()
    {
        var fake = new FakeRegistryHandler { Bearer = true };
        using var client = Client(fake, Good);
        await client.SendAsync(Get());
        fake.ValidTokens.Clear();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Get())).StatusCode);
        Assert.Equal(2, fake.TokenRequests.Count);
    }

    [Fact]
    public async Task Body_without_factory_is_not_replayed()
    {
        var fake = new FakeRegistryHandler();
        using var client = Client(fake, Good);
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://reg/v2/org/model/manifests/v1")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("once"))),
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Body_with_factory_is_replayed()
    {
        var fake = new FakeRegistryHandler();
        using var client = Client(fake, Good);
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://reg/v2/org/model/manifests/v1")
            .WithContentFactory(() => new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("body"))));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        Assert.Equal(["body", "body"], fake.RegistryBodies);
    }

    [Fact]
    public async Task Caller_authorization_is_left_alone()
    {
        var fake = new FakeRegistryHandler();
        using var client = Client(fake, Good);
        using var request = Get();
        request.Headers.Authorization = new("Basic", "eDp5");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public void Credential_ToString_hides_secrets()
    {
        Assert.Equal("user alice", Good.ToString());
        Assert.DoesNotContain("refresh", RegistryCredential.FromIdentityToken("refresh-XYZ").ToString());
    }

    [Theory]
    [InlineData("http://r/v2/org/team/model/manifests/v1", "org/team/model")]
    [InlineData("http://r/v2/a/blobs/uploads/", "a")]
    [InlineData("http://r/v2/a/tags/list", "a")]
    [InlineData("http://r/v2/", null)]
    public void Repository_from_path(string url, string? expected) =>
        Assert.Equal(expected, AuthHandler.RepositoryOf([], new Uri(url)));
}
