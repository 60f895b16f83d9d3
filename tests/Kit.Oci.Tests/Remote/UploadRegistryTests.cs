using System.Net;
using Kit.Oci.Remote;
using Kit.Oci.Remote.Auth;

namespace Kit.Oci.Tests.Remote;

/// <summary>Broken and challenged blob uploads against the real distribution registry, through a fault proxy.</summary>
public sealed class UploadRegistryTests
{
    private const int Chunk = 1 << 20;

    private static RemoteRepositoryOptions ChunkedOptions => new()
    {
        PlainHttp = true,
        MonolithicThreshold = Chunk,
        ChunkSize = Chunk,
        RestartPolicy = new() { MinDelay = TimeSpan.Zero, BaseDelay = TimeSpan.FromMilliseconds(10) },
    };

    private static async Task<byte[]> FetchAsync(RemoteRepository repo, Descriptor d)
    {
        using var ms = new MemoryStream();
        await repo.FetchBlobAsync(d, ms);
        return ms.ToArray();
    }

    [RegistryFact]
    public async Task Chunk_refused_midway_is_sent_again_from_where_the_registry_stands()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" });
        var repo = new RemoteRepository(http, proxy.HostPort, "org/resume", ChunkedOptions);
        var data = TestData.Random(6 * Chunk, seed: 3);
        var d = TestData.Describe(data);
        // Once the second chunk is read, the next PATCH (the third) is answered 500 by the proxy: the registry never sees it.
        var armed = false;
        var progress = new SyncProgress(at =>
        {
            if (at == 2 * Chunk && !armed)
            {
                armed = true;
                proxy.InjectStatus(500, requestLinePrefix: "PATCH ");
            }
        });

        await repo.PushBlobAsync(d, () => new MemoryStream(data), progress);

        Assert.Equal(1, proxy.InjectedResponses);
        Assert.Equal(data, await FetchAsync(repo, d));
        // Chunks 1 and 2 reached the registry once: a restart from byte 0 would have sent 8 MiB.
        Assert.True(proxy.BytesToServer < data.Length + Chunk / 2, registry.Describe($"{proxy.BytesToServer} bytes sent for a {data.Length}-byte blob"));
    }

    [RegistryFact]
    public async Task Reset_mid_chunk_that_the_registry_cannot_resume_starts_a_new_session()
    {
        // This registry keeps the part of a broken PATCH it read, and then refuses the session
        // ("upload resumed at wrong offset", 404 BLOB_UPLOAD_INVALID): only a new session gets the blob up.
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var recorder = new RecordingHandler();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, recorder);
        var repo = new RemoteRepository(http, proxy.HostPort, "org/reset", ChunkedOptions);
        var data = TestData.Random(4 * Chunk, seed: 4);
        var d = TestData.Describe(data);
        proxy.ResetAfter(2 * Chunk + Chunk / 2, ProxyDirection.ToServer);

        await repo.PushBlobAsync(d, () => new MemoryStream(data));

        Assert.Equal(1, proxy.Resets);
        Assert.Equal(data, await FetchAsync(repo, d));
        Assert.Contains(recorder.Requests, r => r.StartsWith("GET /v2/org/reset/blobs/uploads/", StringComparison.Ordinal));
        Assert.Equal(2, recorder.Requests.Count(r => r == "POST /v2/org/reset/blobs/uploads/"));
    }

    [RegistryTheory]
    [InlineData(300_000)]     // one PUT
    [InlineData(3 * Chunk)]   // PATCH chunks
    public async Task Streamed_upload_from_a_fresh_client_gets_through_the_token_challenge(int size)
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        var credentials = new StaticCredentialProvider(registry.HostPort, RegistryCredential.FromPassword(registry.Username, registry.Password));
        var statuses = new StatusRecorder { InnerHandler = registry.CreateTransport() };
        // Without what each request is for, the handler cannot know scopes up front, so every upload request is challenged.
        using var http = new HttpClient(new ForgetRequestContext { InnerHandler = new AuthHandler(statuses, credentials) });
        var repo = new RemoteRepository(http, registry.HostPort, "org/token", ChunkedOptions with { PlainHttp = false });
        var data = TestData.Random(size, seed: 5);
        var d = TestData.Describe(data);

        // A stream that cannot seek: every resend after a challenge reopens it and reads up to the offset.
        await repo.PushBlobAsync(d, () => new NonSeekableStream(data));

        Assert.Equal(data, await FetchAsync(repo, d));
        Assert.Contains("POST 401", statuses.Seen);
        Assert.Contains(size < Chunk ? "PUT 401" : "PATCH 401", statuses.Seen);
    }

    [RegistryFact]
    public async Task The_auth_handler_alone_takes_token_scopes_from_the_repository_so_only_the_first_request_is_challenged()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        var credentials = new StaticCredentialProvider(registry.HostPort, RegistryCredential.FromPassword(registry.Username, registry.Password));
        var statuses = new StatusRecorder { InnerHandler = registry.CreateTransport() };
        using var http = new HttpClient(new AuthHandler(statuses, credentials));
        var repo = new RemoteRepository(http, registry.HostPort, "org/scoped", ChunkedOptions with { PlainHttp = false });
        var data = TestData.Random(3 * Chunk, seed: 6);
        var d = TestData.Describe(data);

        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        Assert.Equal(data, await FetchAsync(repo, d));

        Assert.Equal(1, statuses.Seen.Count(s => s.EndsWith(" 401", StringComparison.Ordinal)));
        Assert.Contains("PATCH 202", statuses.Seen);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    private sealed class StatusRecorder : DelegatingHandler
    {
        public List<string> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (Seen)
                Seen.Add($"{request.Method} {(int)response.StatusCode}");
            return response;
        }
    }

    /// <summary>Drops what <see cref="RemoteRepository"/> says a request is for, as a client without it would send it.</summary>
    private sealed class ForgetRequestContext : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ((IDictionary<string, object?>)request.Options).Remove(RegistryRequestContext.Key.Key);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
