using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Kit.Oci.Remote.Auth;

namespace Kit.Cli.Tests.Registry;

public class FaultProxyTests
{
    private static async Task<string> PushBlobAsync(RegistryFixture registry, byte[] blob)
    {
        using var client = new HttpClient(registry.CreateTransport()) { BaseAddress = registry.BaseAddress };
        using var started = await client.PostAsync("/v2/org/model/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        var location = new Uri(registry.BaseAddress, started.Headers.Location!);
        var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await client.PutAsync(location + (location.Query.Length > 0 ? "&" : "?") + "digest=" + digest, content);
        Assert.True(put.StatusCode == HttpStatusCode.Created, registry.Describe($"PUT {put.StatusCode}"));
        return digest;
    }

    private static HttpClient Through(FaultProxy proxy, string scheme = "http", HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler()) { BaseAddress = new Uri($"{scheme}://{proxy.HostPort}/"), Timeout = TimeSpan.FromSeconds(30) };

    [RegistryFact]
    public async Task Forwards_and_counts()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        using var client = Through(proxy);
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("/v2/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Equal(3, proxy.Requests);
        Assert.True(proxy.BytesToServer > 0 && proxy.BytesToClient > 0);
        Assert.Equal(1, proxy.Connections); // keep-alive
    }

    [RegistryFact]
    public async Task Injects_status_for_the_next_requests_only()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        using var client = Through(proxy);
        using (var warm = await client.GetAsync("/v2/"))
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        proxy.InjectStatus(503, count: 2, retryAfter: "1");
        using (var first = await client.GetAsync("/v2/"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), first.Headers.RetryAfter!.Delta);
        }
        using (var second = await client.GetAsync("/v2/_catalog"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        using (var third = await client.GetAsync("/v2/"))
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(2, proxy.InjectedResponses);
    }

    [RegistryFact]
    public async Task Uploads_with_bodies_keep_request_framing()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var blob = RandomNumberGenerator.GetBytes(200_000);
        using var client = Through(proxy);
        using var started = await client.PostAsync("/v2/org/model/blobs/uploads/", null);
        var location = new Uri(client.BaseAddress!, started.Headers.Location!);
        Assert.Equal(proxy.Port, location.Port); // the registry builds Location from Host
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        var content = new ByteArrayContent(blob);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await client.PutAsync(location + "&digest=" + digest, content);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/org/model/blobs/{digest}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(3, proxy.Requests);
        Assert.True(proxy.BytesToServer > blob.Length);
    }

    [RegistryFact]
    public async Task Reset_during_download_breaks_the_read()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var digest = await PushBlobAsync(registry, RandomNumberGenerator.GetBytes(1 << 20));
        await using var proxy = FaultProxy.For(registry);
        using var client = Through(proxy);
        proxy.ResetAfter(100_000, ProxyDirection.ToClient);
        var ex = await Record.ExceptionAsync(async () =>
        {
            using var response = await client.GetAsync($"/v2/org/model/blobs/{digest}", HttpCompletionOption.ResponseHeadersRead);
            await using var stream = await response.Content.ReadAsStreamAsync();
            await stream.CopyToAsync(Stream.Null);
        });
        Assert.True(ex is HttpRequestException or IOException, $"expected a broken read, got {ex?.GetType().Name ?? "success"}");
        Assert.Equal(1, proxy.Resets);
        Assert.InRange(proxy.BytesToClient, 100_000, 100_000);

        // One-shot: the next download is whole.
        var bytes = await client.GetByteArrayAsync($"/v2/org/model/blobs/{digest}");
        Assert.Equal(1 << 20, bytes.Length);
    }

    [RegistryFact]
    public async Task Stall_delays_then_continues()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        using var client = Through(proxy);
        proxy.StallAfter(10, ProxyDirection.ToClient, TimeSpan.FromMilliseconds(600));
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(500), $"took {watch.Elapsed}");
    }

    [RegistryFact]
    public async Task Stall_until_released()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        using var client = Through(proxy);
        proxy.StallAfter(0, ProxyDirection.ToServer);
        var pending = client.GetAsync("/v2/");
        await Task.Delay(300);
        Assert.False(pending.IsCompleted);
        proxy.ReleaseStalls();
        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [RegistryFact]
    public async Task Tls_and_basic_auth_work_through_the_opaque_proxy()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        await using var proxy = FaultProxy.For(registry);
        var credentials = new StaticCredentialProvider(proxy.HostPort, RegistryCredential.FromPassword(registry.Username, registry.Password));
        using var client = Through(proxy, "https", new AuthHandler(registry.CreateTransport(), credentials));
        using var response = await client.GetAsync("/v2/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Throws<InvalidOperationException>(() => proxy.InjectStatus(503));
        Assert.True(proxy.BytesToClient > 0);
    }
}
