using Kit.Oci.Remote;

namespace Kit.Oci.Tests.Remote;

/// <summary>Blobs streamed into an upload session before their digest is known, against the real registry.</summary>
public sealed class StreamingUploadRegistryTests
{
    private const int Chunk = 1 << 20;

    private static RemoteRepositoryOptions Options => new()
    {
        PlainHttp = true,
        ChunkSize = Chunk,
        RestartPolicy = new() { MinDelay = TimeSpan.Zero, BaseDelay = TimeSpan.FromMilliseconds(10) },
    };

    private static async Task<byte[]> FetchAsync(RemoteRepository repo, Descriptor d)
    {
        using var ms = new MemoryStream();
        await repo.FetchBlobAsync(d, ms);
        return ms.ToArray();
    }

    // Odd-sized writes, so chunk boundaries fall inside writes.
    private static async Task WriteInPiecesAsync(Stream upload, byte[] data, int from = 0, int? to = null)
    {
        var end = to ?? data.Length;
        for (var at = from; at < end; at += 77_777)
            await upload.WriteAsync(data.AsMemory(at, Math.Min(77_777, end - at)));
    }

    [RegistryFact]
    public async Task Streamed_blob_is_stored_under_the_digest_computed_on_the_way()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" });
        var repo = new RemoteRepository(http, registry.HostPort, "org/streamed", Options);
        var data = TestData.Random(3 * Chunk + Chunk / 2, seed: 11);

        Descriptor d;
        await using (var upload = await repo.BeginStreamingUploadAsync())
        {
            Assert.NotNull(upload);
            await WriteInPiecesAsync(upload, data);
            d = await upload.CompleteAsync(MediaTypes.OctetStream);
        }

        Assert.Equal(TestData.Describe(data).Digest, d.Digest);
        Assert.Equal(data.Length, d.Size);
        Assert.Equal(data, await FetchAsync(repo, d));
    }

    [RegistryFact]
    public async Task The_producer_fills_the_next_half_chunk_while_the_previous_one_goes_up()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var gate = new PatchGate();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, gate);
        var repo = new RemoteRepository(http, registry.HostPort, "org/overlap", Options);
        var data = TestData.Random(Chunk + 1234, seed: 13);

        Descriptor d;
        await using (var upload = await repo.BeginStreamingUploadAsync())
        {
            Assert.NotNull(upload);
            // Half a chunk written: it goes up at once, before the producer has a whole chunk...
            await upload.WriteAsync(data.AsMemory(0, Chunk / 2));
            await gate.PatchStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // ...and while the registry has not answered, the next half is taken without waiting for it.
            await upload.WriteAsync(data.AsMemory(Chunk / 2, Chunk / 2 - 1)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(gate.Released.Task.IsCompleted);
            gate.Released.SetResult();
            await upload.WriteAsync(data.AsMemory(Chunk - 1));
            d = await upload.CompleteAsync(MediaTypes.OctetStream);
        }
        Assert.Equal(TestData.Describe(data).Digest, d.Digest);
        Assert.Equal(data, await FetchAsync(repo, d));
    }

    /// <summary>Holds the first PATCH until released, telling when it has started.</summary>
    private sealed class PatchGate : DelegatingHandler
    {
        public TaskCompletionSource PatchStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Patch && PatchStarted.TrySetResult())
                await Released.Task.WaitAsync(cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [RegistryFact]
    public async Task Empty_blob_and_a_blob_the_registry_has_already_complete()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" });
        var repo = new RemoteRepository(http, registry.HostPort, "org/again", Options);
        var data = TestData.Random(Chunk + 5, seed: 12);

        await using (var empty = await repo.BeginStreamingUploadAsync())
            Assert.Equal(TestData.Describe([]).Digest, (await empty!.CompleteAsync(MediaTypes.OctetStream)).Digest);
        for (var i = 0; i < 2; i++)
        {
            await using var upload = await repo.BeginStreamingUploadAsync();
            await WriteInPiecesAsync(upload!, data);
            Assert.Equal(TestData.Describe(data).Digest, (await upload!.CompleteAsync(MediaTypes.OctetStream)).Digest);
        }
        Assert.True(await repo.BlobExistsAsync(TestData.Describe(data).Digest));
    }

    [RegistryFact]
    public async Task Chunk_refused_midway_is_sent_again_from_the_buffer()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" });
        var repo = new RemoteRepository(http, proxy.HostPort, "org/resume", Options);
        var data = TestData.Random(5 * Chunk + 1234, seed: 13);

        Descriptor d;
        await using (var upload = await repo.BeginStreamingUploadAsync())
        {
            // Writing blocks until each full chunk is up, so after 2 chunks and a byte the registry has exactly 2.
            await WriteInPiecesAsync(upload!, data, 0, 2 * Chunk + 1);
            proxy.InjectStatus(500, requestLinePrefix: "PATCH ");
            await WriteInPiecesAsync(upload!, data, 2 * Chunk + 1);
            d = await upload!.CompleteAsync(MediaTypes.OctetStream);
        }

        Assert.Equal(1, proxy.InjectedResponses);
        Assert.Equal(TestData.Describe(data).Digest, d.Digest);
        Assert.Equal(data, await FetchAsync(repo, d));
        // Only the refused chunk went twice: one chunk's worth more than the blob, not a restart from byte 0.
        Assert.True(proxy.BytesToServer < data.Length + Chunk + Chunk / 2, registry.Describe($"{proxy.BytesToServer} bytes sent for a {data.Length}-byte blob"));
    }

    [RegistryFact]
    public async Task Connection_reset_mid_chunk_resumes_from_where_the_registry_stands_or_fails_in_one_line()
    {
        // The distribution registry keeps the part of a broken PATCH it read and then refuses the session: a streamed
        // upload cannot start over (its earlier bytes are gone), so it must fail with the registry's error, not hang or
        // store a wrong blob.
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" });
        var repo = new RemoteRepository(http, proxy.HostPort, "org/reset", Options);
        var data = TestData.Random(4 * Chunk, seed: 14);
        proxy.ResetAfter(2 * Chunk + Chunk / 2, ProxyDirection.ToServer);

        Descriptor? d = null;
        Exception? failure = null;
        await using (var upload = await repo.BeginStreamingUploadAsync())
        {
            try
            {
                await WriteInPiecesAsync(upload!, data);
                d = await upload!.CompleteAsync(MediaTypes.OctetStream);
            }
            catch (RegistryException e)
            {
                failure = e;
            }
        }

        Assert.Equal(1, proxy.Resets);
        if (d is not null)
            Assert.Equal(data, await FetchAsync(repo, d));
        else
            Assert.DoesNotContain('\n', failure!.Message);
    }

    [Fact]
    public async Task A_registry_that_takes_no_chunks_gets_no_session()
    {
        using var http = new HttpClient(new NoNetwork());
        var repo = new RemoteRepository(http, "127.0.0.1:9", "org/none", Options with { RefuseChunks = true });
        Assert.Null(await repo.BeginStreamingUploadAsync());
        Assert.Null(await new RemoteRepository(http, "ghcr.io", "org/none").BeginStreamingUploadAsync());
    }

    private sealed class NoNetwork : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"unexpected request {request.Method} {request.RequestUri}");
    }
}
