using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Oci.Tests.Remote;

/// <summary>One large blob fetched over several connections in ranges, against the real distribution registry.</summary>
public sealed class RangedDownloadRegistryTests
{
    private const int Chunk = 1 << 20;

    private static RemoteRepositoryOptions Ranged(int connections) => new()
    {
        PlainHttp = true,
        RangeConcurrency = connections,
        RangeChunkSize = Chunk,
        RangedDownloadThreshold = 2 * Chunk,
        RangedDownloadBelowBytesPerSecond = null,
    };

    private static async Task<(RemoteRepository Repo, Descriptor Blob, byte[] Data)> SeedAsync(RegistryFixture registry, HttpClient http, string host,
        string repository, int size, int connections)
    {
        var repo = new RemoteRepository(http, host, repository, Ranged(connections));
        var data = TestData.Random(size, seed: size % 251);
        var blob = TestData.Describe(data);
        using var direct = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" });
        await new RemoteRepository(direct, registry.HostPort, repository, new RemoteRepositoryOptions { PlainHttp = true })
            .PushBlobAsync(blob, () => new MemoryStream(data));
        return (repo, blob, data);
    }

    [RegistryFact]
    public async Task A_large_blob_comes_in_ranges_over_several_connections_and_is_verified_in_order()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        // Slow connections keep each range busy long enough that the others really run beside it.
        proxy.ToClientBytesPerSecondPerConnection = 8 << 20;
        var recorder = new RecordingHandler();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, recorder);
        var (repo, blob, data) = await SeedAsync(registry, http, proxy.HostPort, "org/ranged", 12 * Chunk + 123, connections: 4);

        using var received = new MemoryStream();
        await repo.FetchBlobAsync(blob, received);

        Assert.Equal(data, received.ToArray());
        Assert.Equal(13, recorder.Requests.Count(r => r.Contains(" Range:bytes=", StringComparison.Ordinal)));
        Assert.Contains(recorder.Requests, r => r.EndsWith($" Range:bytes={12 * Chunk}-{12 * Chunk + 122}", StringComparison.Ordinal));
        Assert.InRange(proxy.Connections, 4, 5);
    }

    [RegistryFact]
    public async Task By_default_a_fast_connection_downloads_alone_and_a_slow_one_hands_the_rest_to_ranges()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var recorder = new RecordingHandler();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, recorder);
        var (_, blob, data) = await SeedAsync(registry, http, proxy.HostPort, "org/adaptive", 12 * Chunk, connections: 4);
        var adaptive = Ranged(4) with { RangedDownloadBelowBytesPerSecond = 4 << 20, RangeProbeTime = TimeSpan.FromMilliseconds(300) };
        var repo = new RemoteRepository(http, proxy.HostPort, "org/adaptive", adaptive);

        // Unlimited loopback: far above 4 MiB/s, so one plain GET brings it all.
        using (var fast = new MemoryStream())
        {
            await repo.FetchBlobAsync(blob, fast);
            Assert.Equal(data, fast.ToArray());
        }
        Assert.DoesNotContain(recorder.Requests, r => r.Contains("Range:", StringComparison.Ordinal));

        // 1 MiB/s per connection: after the probe the first connection stops, and ranges bring the rest, in order.
        // (A new client: the proxy limits the connections it accepts from now on, not the pooled one.)
        proxy.ToClientBytesPerSecondPerConnection = 1 << 20;
        var slowRecorder = new RecordingHandler();
        using var slowHttp = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, slowRecorder);
        using (var slow = new MemoryStream())
        {
            await new RemoteRepository(slowHttp, proxy.HostPort, "org/adaptive", adaptive).FetchBlobAsync(blob, slow);
            Assert.Equal(data, slow.ToArray());
        }
        Assert.Contains(slowRecorder.Requests, r => !r.Contains("Range:", StringComparison.Ordinal) && r.Contains("/blobs/", StringComparison.Ordinal));
        Assert.InRange(slowRecorder.Requests.Count(r => r.Contains(" Range:bytes=", StringComparison.Ordinal)), 10, 13);
    }

    [RegistryFact]
    public async Task One_connection_means_no_ranges()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var recorder = new RecordingHandler();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, recorder);
        var (repo, blob, data) = await SeedAsync(registry, http, registry.HostPort, "org/single", 6 * Chunk, connections: 1);

        using var received = new MemoryStream();
        await repo.FetchBlobAsync(blob, received);

        Assert.Equal(data, received.ToArray());
        Assert.DoesNotContain(recorder.Requests, r => r.Contains("Range:", StringComparison.Ordinal));
    }

    [RegistryFact]
    public async Task A_range_whose_connection_breaks_is_continued_and_the_blob_still_verifies()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var recorder = new RecordingHandler();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, recorder);
        var (repo, blob, data) = await SeedAsync(registry, http, proxy.HostPort, "org/broken", 8 * Chunk, connections: 3);
        proxy.ResetAfter(3 * Chunk + Chunk / 3, ProxyDirection.ToClient);

        using var received = new MemoryStream();
        await repo.FetchBlobAsync(blob, received);

        Assert.Equal(data, received.ToArray());
        Assert.Equal(1, proxy.Resets);
        // The broken range was asked for again from where its bytes stopped, not from its start.
        var ranges = recorder.Requests.Where(r => r.Contains(" Range:bytes=", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, ranges.Count);
        Assert.Contains(ranges, r => !StartsOnAChunk(r));
    }

    [RegistryFact]
    public async Task A_range_whose_connection_stalls_is_given_up_and_continued_from_its_last_byte()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var recorder = new RecordingHandler();
        var stalls = new List<Kit.Oci.Remote.Retry.RetryNotice>();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions
        {
            Version = "test",
            StallTimeout = TimeSpan.FromSeconds(1),
            OnRetry = n => { lock (stalls) stalls.Add(n); },
        }, recorder);
        var (repo, blob, data) = await SeedAsync(registry, http, proxy.HostPort, "org/stalled", 8 * Chunk, connections: 3);
        // Nothing more on that connection, ever: without the stall watch the download never ends.
        proxy.StallAfter(3 * Chunk + Chunk / 3, ProxyDirection.ToClient);

        using var received = new MemoryStream();
        await repo.FetchBlobAsync(blob, received);

        Assert.Equal(data, received.ToArray());
        Assert.Contains(stalls, n => n.Error is Kit.Oci.Remote.Stall.TransferStalledException && n.Method == "GET");
        var ranges = recorder.Requests.Where(r => r.Contains(" Range:bytes=", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, ranges.Count);
        Assert.Contains(ranges, r => !StartsOnAChunk(r));
    }

    [RegistryFact]
    public async Task A_registry_that_ignores_ranges_gets_the_rest_over_one_connection()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, new DropRangeHeader());
        var (repo, blob, data) = await SeedAsync(registry, http, registry.HostPort, "org/noranges", 5 * Chunk, connections: 3);

        using var received = new MemoryStream();
        await repo.FetchBlobAsync(blob, received);

        Assert.Equal(data, received.ToArray());
    }

    [RegistryFact]
    public async Task Into_the_store_a_ranged_download_that_failed_resumes_after_the_ranges_it_wrote()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var recorder = new RecordingHandler();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, recorder);
        var (repo, blob, data) = await SeedAsync(registry, http, proxy.HostPort, "org/resumed", 10 * Chunk, connections: 2);
        var failing = new RemoteRepository(http, proxy.HostPort, "org/resumed", Ranged(2) with { DownloadAttempts = 1 });
        var root = Path.Combine(Path.GetTempPath(), "kit-ranged-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new OciLayoutStore(root);
            await using var lease = store.BeginLease();
            proxy.ResetAfter(5 * Chunk + Chunk / 2, ProxyDirection.ToClient);
            await using (var writer = await store.BeginResumableWriteAsync(blob.Digest, blob.Size, lease))
            {
                await Assert.ThrowsAnyAsync<Exception>(() => failing.FetchRangeAsync(blob, 0, writer!, null));
                Assert.Equal(0, writer!.BytesWritten % Chunk);
                Assert.InRange(writer.BytesWritten, Chunk, 6 * Chunk);
            }
            recorder.Requests.Clear();

            await using (var writer = await store.BeginResumableWriteAsync(blob.Digest, blob.Size, lease))
            {
                var kept = writer!.ExistingLength;
                Assert.True(kept >= Chunk, $"kept {kept} bytes");
                await repo.FetchRangeAsync(blob, kept, writer, null);
                await writer.CommitAsync(blob.MediaType, blob.Digest, blob.Size);
                Assert.DoesNotContain(recorder.Requests, r => r.Contains("Range:bytes=0-", StringComparison.Ordinal));
            }
            Assert.True(store.Exists(blob.Digest));
            await using var read = store.OpenRead(blob.Digest, blob.Size);
            using var copy = new MemoryStream();
            await read.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static bool StartsOnAChunk(string request)
    {
        var range = request[(request.IndexOf("bytes=", StringComparison.Ordinal) + 6)..].Split('-');
        return long.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) % Chunk == 0;
    }

    /// <summary>Sends range requests without their Range header, as through a proxy or registry that ignores ranges.</summary>
    private sealed class DropRangeHeader : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Range = null;
            return base.SendAsync(request, cancellationToken);
        }
    }
}
