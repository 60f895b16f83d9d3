using System.Net;
using System.Net.Http.Headers;
using Kit.Oci.Remote;
using Kit.Oci.Remote.Retry;

namespace Kit.Oci.Tests.Remote;

public sealed class RetryHandlerTests
{
    private readonly List<TimeSpan> _delays = [];

    private HttpClient Client(StubHandler stub, RetryPolicy? policy = null) =>
        new(new RetryHandler(stub, policy) { Delay = (d, _) => { _delays.Add(d); return Task.CompletedTask; } });

    [Fact]
    public async Task Retries_500_503_429_with_retry_after_then_succeeds()
    {
        var stub = new StubHandler((_, i) => i switch
        {
            0 => StubHandler.Status(HttpStatusCode.InternalServerError),
            1 => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(2)) } },
            2 => new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(5)) } },
            _ => StubHandler.Status(HttpStatusCode.OK),
        });
        using var client = Client(stub);
        using var response = await client.GetAsync("http://registry.test/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, stub.Count);
        Assert.InRange(_delays[0].TotalMilliseconds, 225, 275);
        Assert.Equal(TimeSpan.FromSeconds(2), _delays[1]);
        Assert.InRange(_delays[2].TotalSeconds, 3.5, 5.01);
    }

    [Fact]
    public async Task Gives_up_after_five_retries_and_returns_last_response()
    {
        var stub = new StubHandler((_, _) => StubHandler.Status(HttpStatusCode.BadGateway));
        using var client = Client(stub);
        using var response = await client.GetAsync("http://registry.test/v2/");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(6, stub.Count);
        Assert.All(_delays, d => Assert.InRange(d.TotalMilliseconds, 200, 3000));
        Assert.Equal(TimeSpan.FromSeconds(3), _delays[^1]);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task Does_not_retry_permanent_statuses(HttpStatusCode status)
    {
        var stub = new StubHandler((_, _) => StubHandler.Status(status));
        using var client = Client(stub);
        using var response = await client.GetAsync("http://registry.test/v2/");
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Retries_connection_errors()
    {
        var stub = new StubHandler((_, i) => i < 2
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "refused", new IOException("x"))
            : StubHandler.Status(HttpStatusCode.OK));
        using var client = Client(stub);
        using var response = await client.GetAsync("http://registry.test/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, stub.Count);
    }

    [Fact]
    public async Task Does_not_retry_tls_errors()
    {
        var stub = new StubHandler(HttpResponseMessage (HttpRequestMessage _, int _) => throw new HttpRequestException(HttpRequestError.SecureConnectionError, "bad cert"));
        using var client = Client(stub);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("http://registry.test/v2/"));
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Streamed_body_without_factory_is_sent_once()
    {
        var stub = new StubHandler((_, _) => StubHandler.Status(HttpStatusCode.ServiceUnavailable));
        using var client = Client(stub);
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://registry.test/upload") { Content = new StreamContent(new MemoryStream([1, 2, 3])) };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Streamed_body_with_factory_is_recreated_for_each_retry()
    {
        var bodies = new List<byte[]>();
        var stub = new StubHandler(async (r, i) =>
        {
            bodies.Add(await r.Content!.ReadAsByteArrayAsync());
            Assert.Equal("application/octet-stream", r.Content.Headers.ContentType!.MediaType);
            return StubHandler.Status(i < 2 ? HttpStatusCode.InternalServerError : HttpStatusCode.Created);
        });
        using var client = Client(stub);
        var opened = 0;
        using var request = new HttpRequestMessage(HttpMethod.Put, "http://registry.test/upload");
        request.WithContentFactory(() =>
        {
            opened++;
            return new StreamContent(new MemoryStream([1, 2, 3]));
        });
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(3, opened);
        Assert.All(bodies, b => Assert.Equal([1, 2, 3], b));
    }

    [Fact]
    public async Task Caller_cancellation_is_not_retried()
    {
        using var cts = new CancellationTokenSource();
        var stub = new StubHandler(HttpResponseMessage (HttpRequestMessage _, int _) =>
        {
            cts.Cancel();
            throw new OperationCanceledException(cts.Token);
        });
        using var client = Client(stub);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync("http://registry.test/v2/", cts.Token));
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public async Task Timeout_is_retried()
    {
        var stub = new StubHandler((_, i) => i == 0 ? throw new TaskCanceledException("connect timeout") : StubHandler.Status(HttpStatusCode.OK));
        using var client = Client(stub);
        using var response = await client.GetAsync("http://registry.test/v2/");
        Assert.Equal(2, stub.Count);
    }

    [Fact]
    public async Task Retry_after_beyond_cap_returns_response()
    {
        var stub = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Headers = { RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromHours(1)) },
        });
        using var client = Client(stub);
        using var response = await client.GetAsync("http://registry.test/v2/");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, stub.Count);
    }

    [Fact]
    public void Backoff_follows_oras_default_policy()
    {
        var p = RetryPolicy.Default;
        Assert.Equal(250, p.Backoff(0, 0.5).TotalMilliseconds, 3);
        Assert.Equal(500, p.Backoff(1, 0.5).TotalMilliseconds, 3);
        Assert.Equal(225, p.Backoff(0, 0).TotalMilliseconds, 3);
        Assert.Equal(275, p.Backoff(0, 1).TotalMilliseconds, 3);
        Assert.Equal(3000, p.Backoff(4, 0.5).TotalMilliseconds, 3);
        Assert.Equal(200, (p with { BaseDelay = TimeSpan.FromMilliseconds(10) }).Backoff(0, 0.5).TotalMilliseconds, 3);
    }
}
