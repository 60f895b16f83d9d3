using Kit.TestSupport;
using System.Text;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Core.Transfer;
using Kit.Oci;
using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Core.Tests.Transfer;

/// <summary>Push and pull against the real registry, observed through <see cref="TransferProbe"/>.</summary>
[Collection(RegistryCollection.Name)]
public sealed class TransferTests(RegistryFixture registry) : IDisposable
{
    private const string ConfigType = "application/vnd.kitops.modelkit.config.v1+json";
    private const string LayerType = "application/vnd.kitops.modelkit.model.v1.tar";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-transfer-" + Guid.NewGuid().ToString("N"));
    private readonly List<HttpClient> _clients = [];

    public void Dispose()
    {
        foreach (var c in _clients) c.Dispose();
        try
        {
            foreach (var f in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
                File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(_root, true);
        }
        catch (IOException) { /* includes a missing directory */ }
    }

    private LocalModelStore NewStore(string name) => LocalModelStore.Open(Path.Combine(_root, name));

    private RemoteRepository Remote(string repository, TransferProbe probe, int downloadAttempts = 4)
    {
        var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions(), probe);
        _clients.Add(http);
        return new RemoteRepository(http, registry.HostPort, repository, new RemoteRepositoryOptions { PlainHttp = true, DownloadAttempts = downloadAttempts });
    }

    private static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Stores a ModelKit-shaped manifest (config + layers) and tags it as <paramref name="reference"/>.</summary>
    private static async Task<(Descriptor Manifest, Descriptor Config, List<Descriptor> Layers)> LocalKit(LocalModelStore store, string reference, params byte[][] layers)
    {
        var config = await store.Layout.PutBytesAsync(ConfigType, Encoding.UTF8.GetBytes("{\"manifestVersion\":\"1.0.0\",\"package\":{\"name\":\"" + reference + "\"}}"));
        var ls = new List<Descriptor>();
        foreach (var l in layers)
            ls.Add(await store.Layout.PutBytesAsync(LayerType, l));
        var manifest = await store.Layout.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(config, ls).ToJsonBytes());
        var r = ModelReference.Parse(reference);
        await store.AddManifestAsync(r.FullRepository, manifest, [r.Tag!]);
        return (manifest, config, ls);
    }

    private async Task<Descriptor> Push(LocalModelStore store, string source, string repository, string tag, TransferProbe? probe = null, ITransferObserver? observer = null)
    {
        var pusher = new ModelKitPusher(store, new TransferOptions { Observer = observer ?? NullTransferObserver.Instance });
        return await pusher.PushAsync(ModelReference.Parse(source), Remote(repository, probe ?? new TransferProbe()), tag);
    }

    [RegistryFact]
    public async Task Push_then_pull_round_trip_keeps_digests()
    {
        var local = NewStore("a");
        var kit = await LocalKit(local, "localhost/rt/model:v1", Bytes(3 << 20, 1), Bytes(1000, 2));
        var pushed = await Push(local, "localhost/rt/model:v1", "rt/model", "v1");
        Assert.Equal(kit.Manifest.Digest, pushed.Digest);

        var other = NewStore("b");
        var pulled = await new ModelKitPuller(other).PullAsync(Remote("rt/model", new TransferProbe()), "v1");

        Assert.Equal(kit.Manifest.Digest, pulled.Digest);
        Assert.Equal(pulled.Digest, (await other.ResolveAsync($"{registry.HostPort}/rt/model", "v1"))?.Digest);
        foreach (var blob in kit.Layers.Append(kit.Config))
            Assert.Equal(File.ReadAllBytes(local.Layout.GetBlobPath(blob.Digest)), File.ReadAllBytes(other.Layout.GetBlobPath(blob.Digest)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(other.Layout.Root, "ingest")));
    }

    [RegistryFact]
    public async Task Push_skips_blobs_the_registry_has()
    {
        var local = NewStore("a");
        await LocalKit(local, "localhost/skip/model:v1", Bytes(100_000, 3));
        await Push(local, "localhost/skip/model:v1", "skip/model", "v1");
        var probe = new TransferProbe();
        var observer = new RecordingObserver();
        await Push(local, "localhost/skip/model:v1", "skip/model", "v2", probe, observer);

        Assert.Equal(0, probe.Count("POST"));
        Assert.All(observer.Outcomes.Values.Where(o => o != BlobTransferOutcome.Uploaded), o => Assert.Equal(BlobTransferOutcome.Skipped, o));
        Assert.Equal(2, observer.Outcomes.Values.Count(o => o == BlobTransferOutcome.Skipped));
    }

    [RegistryFact]
    public async Task Pull_downloads_only_blobs_the_store_lacks()
    {
        var local = NewStore("a");
        var shared = Bytes(2 << 20, 4);
        await LocalKit(local, "localhost/dedup/one:v1", shared, Bytes(5000, 5));
        await LocalKit(local, "localhost/dedup/two:v1", shared, Bytes(7000, 6));
        await Push(local, "localhost/dedup/one:v1", "dedup/one", "v1");
        await Push(local, "localhost/dedup/two:v1", "dedup/two", "v1");

        var store = NewStore("b");
        await new ModelKitPuller(store).PullAsync(Remote("dedup/one", new TransferProbe()), "v1");

        // Same kit again: nothing but the manifest moves.
        var again = new TransferProbe();
        await new ModelKitPuller(store).PullAsync(Remote("dedup/one", again), "v1");
        Assert.Equal(0, again.Count("GET /v2/dedup/one/blobs/"));

        // Another repository sharing the big layer: only its own config and small layer come down.
        var second = new TransferProbe();
        var observer = new RecordingObserver();
        await new ModelKitPuller(store, new TransferOptions { Observer = observer }).PullAsync(Remote("dedup/two", second), "v1");
        Assert.Equal(2, second.Count("GET /v2/dedup/two/blobs/"));
        Assert.Equal(7000 + new FileInfo(store.Layout.GetBlobPath((await new LocalModelKits(store).ResolveAsync(ModelReference.Parse($"{registry.HostPort}/dedup/two:v1"))).Manifest.Config.Digest)).Length,
            second.BlobBytesReceived);
        Assert.Equal(BlobTransferOutcome.Skipped, observer.Outcomes[Digest.Compute(shared)]);
    }

    [RegistryFact]
    public async Task Push_mounts_a_blob_from_another_repository_of_the_same_registry()
    {
        var local = NewStore("a");
        var big = Bytes(1 << 20, 7);
        var kit = await LocalKit(local, $"{registry.HostPort}/mount/src:v1", big);
        await Push(local, $"{registry.HostPort}/mount/src:v1", "mount/src", "v1");
        await local.AddManifestAsync($"{registry.HostPort}/mount/dst", kit.Manifest, ["v1"]);

        var probe = new TransferProbe();
        var observer = new RecordingObserver();
        await Push(local, $"{registry.HostPort}/mount/dst:v1", "mount/dst", "v1", probe, observer);

        Assert.Equal(BlobTransferOutcome.Mounted, observer.Outcomes[Digest.Compute(big)]);
        Assert.Contains(probe.Snapshot(), r => r.StartsWith("POST /v2/mount/dst/blobs/uploads/?mount=" + Uri.EscapeDataString(Digest.Compute(big).ToString()), StringComparison.Ordinal) && r.Contains("from=mount", StringComparison.Ordinal));
        Assert.DoesNotContain(probe.Snapshot(), r => r.StartsWith("PUT /v2/mount/dst/blobs/", StringComparison.Ordinal) || r.StartsWith("PATCH", StringComparison.Ordinal));
        // The registry really holds it now.
        Assert.True(await Remote("mount/dst", new TransferProbe()).BlobExistsAsync(Digest.Compute(big)));
    }

    [RegistryFact]
    public async Task Mount_falls_back_to_upload_when_the_source_repository_lacks_the_blob()
    {
        var local = NewStore("a");
        var kit = await LocalKit(local, $"{registry.HostPort}/fallback/src:v1", Bytes(30_000, 8));
        // Named in the store as if it were in fallback/src, but never pushed there.
        await local.AddManifestAsync($"{registry.HostPort}/fallback/dst", kit.Manifest, ["v1"]);
        var observer = new RecordingObserver();
        await Push(local, $"{registry.HostPort}/fallback/dst:v1", "fallback/dst", "v1", observer: observer);
        Assert.Equal(BlobTransferOutcome.Uploaded, observer.Outcomes[kit.Layers[0].Digest]);
        Assert.True(await Remote("fallback/dst", new TransferProbe()).BlobExistsAsync(kit.Layers[0].Digest));
    }

    [RegistryFact]
    public async Task Wrong_blob_from_the_registry_is_an_error_and_nothing_is_stored()
    {
        var local = NewStore("a");
        var kit = await LocalKit(local, "localhost/bad/model:v1", Bytes(300_000, 9));
        await Push(local, "localhost/bad/model:v1", "bad/model", "v1");

        var store = NewStore("b");
        var e = await Assert.ThrowsAsync<ContentIntegrityException>(() =>
            new ModelKitPuller(store).PullAsync(Remote("bad/model", new TransferProbe { Corrupt = true }), "v1"));
        Assert.Contains("digest mismatch", e.Message, StringComparison.Ordinal);
        Assert.False(store.Layout.Exists(kit.Layers[0].Digest));
        Assert.False(store.Layout.Exists(kit.Manifest.Digest));
        Assert.Empty(await store.ListAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Layout.Root, "blobs", "sha256")));
        // The failed blob's partial file is gone; a download cancelled by that failure may keep its own for later.
        Assert.All(Directory.EnumerateFiles(Path.Combine(store.Layout.Root, "ingest")), f => Assert.EndsWith(".partial", f, StringComparison.Ordinal));
    }

    [RegistryFact]
    public async Task Interrupted_download_resumes_in_the_next_pull()
    {
        var local = NewStore("a");
        var layer = Bytes(12 << 20, 10);
        var kit = await LocalKit(local, "localhost/resume/model:v1", layer);
        await Push(local, "localhost/resume/model:v1", "resume/model", "v1");

        var store = NewStore("b");
        await Assert.ThrowsAnyAsync<IOException>(() =>
            new ModelKitPuller(store).PullAsync(Remote("resume/model", new TransferProbe { BreakAfter = 5 << 20 }, downloadAttempts: 1), "v1"));
        Assert.Empty(await store.ListAsync());
        var partial = store.Layout.GetPartialPath(kit.Layers[0].Digest);
        var have = new FileInfo(partial).Length;
        Assert.InRange(have, 1, 5 << 20);

        var probe = new TransferProbe();
        var observer = new RecordingObserver();
        var pulled = await new ModelKitPuller(store, new TransferOptions { Observer = observer }).PullAsync(Remote("resume/model", probe), "v1");

        Assert.Equal(kit.Manifest.Digest, pulled.Digest);
        Assert.Contains(probe.Snapshot(), r => r.StartsWith($"GET /v2/resume/model/blobs/{kit.Layers[0].Digest} Range:bytes={have}-", StringComparison.Ordinal));
        Assert.Equal(BlobTransferOutcome.Resumed, observer.Outcomes[kit.Layers[0].Digest]);
        Assert.True(probe.BlobBytesReceived < layer.Length);
        Assert.Equal(layer, File.ReadAllBytes(store.Layout.GetBlobPath(kit.Layers[0].Digest)));
        Assert.False(File.Exists(partial));
    }

    [RegistryFact]
    public async Task Concurrent_pulls_of_one_blob_share_one_download()
    {
        var local = NewStore("a");
        var kit = await LocalKit(local, "localhost/conc/model:v1", Bytes(4 << 20, 11));
        await Push(local, "localhost/conc/model:v1", "conc/model", "v1");

        var store = NewStore("b");
        var probe = new TransferProbe { BlobDelay = TimeSpan.FromMilliseconds(300) };
        var remote = Remote("conc/model", probe);
        await Task.WhenAll(
            new ModelKitPuller(store).PullAsync(remote, "v1"),
            new ModelKitPuller(store).PullAsync(remote, "v1"),
            new ModelKitPuller(store).PullAsync(remote, "v1"));

        Assert.Equal(1, probe.Count($"GET /v2/conc/model/blobs/{kit.Layers[0].Digest}"));
        Assert.Equal(kit.Manifest.Digest, (await store.ResolveAsync($"{registry.HostPort}/conc/model", "v1"))?.Digest);
    }

    [RegistryFact]
    public async Task Pull_refuses_what_is_not_a_modelkit()
    {
        var probe = new TransferProbe();
        var remote = Remote("notkit/image", probe);
        var config = Encoding.UTF8.GetBytes("{}");
        var configDescriptor = new Descriptor("application/vnd.oci.image.config.v1+json", Digest.Compute(config), config.Length);
        await remote.PushBlobAsync(configDescriptor, () => new MemoryStream(config));
        var manifest = new Manifest(configDescriptor, []).ToJsonBytes();
        var manifestDescriptor = await remote.PushManifestAsync("v1", MediaTypes.ImageManifest, manifest);
        var index = new ImageIndex([manifestDescriptor]).ToJsonBytes();
        await remote.PushManifestAsync("index", MediaTypes.ImageIndex, index);

        var store = NewStore("b");
        var e = await Assert.ThrowsAsync<NotAModelKitException>(() => new ModelKitPuller(store).PullAsync(remote, "v1"));
        Assert.Equal($"reference {registry.HostPort}/notkit/image:v1 does not refer to a model (config media type application/vnd.oci.image.config.v1+json)", e.Message);
        e = await Assert.ThrowsAsync<NotAModelKitException>(() => new ModelKitPuller(store).PullAsync(remote, "index"));
        Assert.Equal($"reference {registry.HostPort}/notkit/image:index is not an image manifest (media type {MediaTypes.ImageIndex})", e.Message);
        Assert.Empty(await store.ListAsync());
    }

    [RegistryFact]
    public async Task Fetch_with_a_layer_filter_stores_only_what_it_selects_names_nothing_and_keeps_it_until_the_cache_is_cleared()
    {
        var local = NewStore("a");
        var kit = await LocalKit(local, "localhost/filter/model:v1", Bytes(10_000, 12), Bytes(20_000, 13));
        await Push(local, "localhost/filter/model:v1", "filter/model", "v1");

        var store = NewStore("b");
        var wanted = kit.Layers[1].Digest;
        await using (var fetched = await new ModelKitPuller(store).FetchAsync(Remote("filter/model", new TransferProbe()), "v1", _ => new HashSet<Digest> { wanted }))
        {
            Assert.Equal(kit.Manifest.Digest, fetched.Digest);
            Assert.Equal([wanted], fetched.Manifest.Layers.Select(l => l.Digest).Where(store.Layout.Exists));
            Assert.True(store.Layout.Exists(wanted));
            Assert.True(store.Layout.Exists(kit.Config.Digest));
            Assert.True(store.Layout.Exists(kit.Manifest.Digest));
            Assert.False(store.Layout.Exists(kit.Layers[0].Digest));
            Assert.Empty(await store.ListAsync());
            // Leased: GC keeps them while the result is alive.
            await store.CollectGarbageAsync();
            Assert.True(store.Layout.Exists(wanted));
        }
        // Kept for the next unpack until the cache is cleared, whatever collects meanwhile.
        await store.CollectGarbageAsync();
        await store.CollectAllGarbageAsync();
        Assert.True(store.Layout.Exists(wanted));
        await new Kit.Core.Store.Maintenance.StorageMaintenance(store).ClearRemoteUnpackAsync();
        Assert.False(store.Layout.Exists(wanted));
        Assert.False(store.Layout.Exists(kit.Manifest.Digest));
    }

    [Fact]
    public async Task Concurrency_below_one_is_refused()
    {
        var e = await Assert.ThrowsAsync<KitException>(() => new ModelKitPuller(NewStore("x"), new TransferOptions { Concurrency = 0 })
            .PullAsync(new RemoteRepository(new HttpClient(), "example.com", "a/b"), "v1"));
        Assert.Equal("invalid argument for concurrency (0): must be at least 1", e.Message);
    }
}
