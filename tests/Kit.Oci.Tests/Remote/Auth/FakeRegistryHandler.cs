using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Kit.Oci.Tests.Remote.Auth;

/// <summary>
/// In-memory registry plus token realm for handler unit tests: Basic mode checks user:pass, Bearer mode issues
/// opaque tokens "tok-N" from http://auth/token and accepts them on http://reg/.
/// </summary>
internal sealed class FakeRegistryHandler : HttpMessageHandler
{
    public const string User = "alice";
    public const string Password = "s3cret-PASS";
    public const string RefreshToken = "refresh-XYZ";

    private int _tokenCounter;

    public bool Bearer { get; init; }
    public int ExpiresIn { get; init; } = 300;
    public TimeSpan TokenDelay { get; set; }
    public ConcurrentQueue<HttpRequestMessage> TokenRequests { get; } = new();
    public ConcurrentQueue<string> TokenBodies { get; } = new();
    public ConcurrentQueue<string> RegistryBodies { get; } = new();
    public ConcurrentDictionary<string, string> ValidTokens { get; } = new();
    public int Challenges;
    public int RegistryRequests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.Host == "auth")
            return await TokenAsync(request, cancellationToken);

        Interlocked.Increment(ref RegistryRequests);
        if (request.Content is not null)
            RegistryBodies.Enqueue(await request.Content.ReadAsStringAsync(cancellationToken));
        var auth = request.Headers.Authorization;
        var scope = request.RequestUri.AbsolutePath == "/v2/" ? null : "repository:org/model:pull";
        if (Bearer)
        {
            if (auth is { Scheme: "Bearer" } && ValidTokens.ContainsKey(auth.Parameter!))
                return new HttpResponseMessage(HttpStatusCode.OK);
            return Challenge($"Bearer realm=\"http://auth/token\",service=\"fake\"{(scope is null ? "" : $",scope=\"{scope}\"")}");
        }
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        if (auth is { Scheme: "Basic" } && auth.Parameter == expected)
            return new HttpResponseMessage(HttpStatusCode.OK);
        return Challenge("Basic realm=\"fake\"");
    }

    private HttpResponseMessage Challenge(string header)
    {
        Interlocked.Increment(ref Challenges);
        var response = new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":null}]}",
                Encoding.UTF8, "application/json"),
        };
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", header);
        return response;
    }

    private async Task<HttpResponseMessage> TokenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        TokenRequests.Enqueue(request);
        TokenBodies.Enqueue(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
        if (TokenDelay > TimeSpan.Zero)
            await Task.Delay(TokenDelay, cancellationToken);
        var auth = request.Headers.Authorization;
        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));
        var ok = request.Method == HttpMethod.Post
            ? TokenBodies.Last().Contains($"refresh_token={RefreshToken}", StringComparison.Ordinal)
            : auth is null || auth.Parameter == expected;
        if (!ok)
            return new HttpResponseMessage(HttpStatusCode.Unauthorized)
            {
                Content = new StringContent("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"bad credentials\"}]}"),
            };
        var token = $"tok-{Interlocked.Increment(ref _tokenCounter)}";
        ValidTokens[token] = token;
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($"{{\"token\":\"{token}\",\"expires_in\":{ExpiresIn}}}"),
        };
    }
}

internal sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public override DateTimeOffset GetUtcNow() => Now;
}
