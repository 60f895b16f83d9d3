using Kit.Oci.Content;
using Kit.Oci.Copy;
using Kit.Oci.Layout;
using Kit.Oci.Remote;
using Kit.Oci.Tests.Remote;
using Kit.TestSupport;
using static Kit.Oci.Tests.Copy.GraphCopyTests;

namespace Kit.Oci.Tests.Copy;

/// <summary>The copy engine to and from the real registry.</summary>
[Collection(RegistryCollection.Name)]
public sealed class GraphCopyRegistryTests(RegistryFixture registry) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RecordingHandler _recorder = new();
    private HttpClient? _http;

    public void Dispose()
    {
        _http?.Dispose();
        _dir.Dispose();
    }

    private RemoteRepository Remote(string name)
    {
        _http ??= RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, _recorder);
        return new RemoteRepository(_http, registry.HostPort, name, new RemoteRepositoryOptions { PlainHttp = true });
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}";

    [RegistryFact]
    public async Task Layout_to_registry_pushes_blobs_then_the_manifest_under_its_tag_and_mounts_in_another_repository()
    {
        var layout = new OciLayoutStore(Path.Combine(_dir.Path, "store"));
        using var lease = layout.BeginLease();
        var local = new OciLayoutRepository(layout, "localhost/model", lease);
        var image = await PushImageAsync(local, seed: 1, 300_000, 1000);
        var first = Remote(Unique("copy/first"));

        var observer = new RecordingObserver();
        await GraphCopy.CopyGraphAsync(local, first, image.Manifest, "v1", new CopyOptions { Observer = observer });

        Assert.Equal(image.Manifest.Digest, (await first.ResolveAsync("v1")).Digest);
        Assert.All(image.Blobs, b => Assert.Equal(CopyOutcome.Copied, observer.Outcomes[b.Digest]));
        Assert.Single(_recorder.Requests, r => r.StartsWith($"PUT /v2/{first.Repository}/manifests/", StringComparison.Ordinal));

        var second = Remote(Unique("copy/second"));
        var mounts = new RecordingObserver();
        await GraphCopy.CopyGraphAsync(local, second, image.Manifest, "v1",
            new CopyOptions { Observer = mounts, MountCandidates = _ => ["no/such-repository", first.Repository] });
        Assert.All(image.Blobs, b => Assert.Equal(CopyOutcome.Mounted, mounts.Outcomes[b.Digest]));
        Assert.Equal(await layout.ReadAllBytesVerifiedAsync(image.Layers[0].Digest), await second.FetchAllAsync(image.Layers[0], 1 << 20));
    }

    [RegistryFact]
    public async Task Registry_to_layout_copies_an_index_with_its_manifests_and_shared_blobs_once()
    {
        var memory = new MemoryStore();
        var shared = await memory.PushBytesAsync(LayerType, TestData.Random(400_000, 10));
        var amd64 = await PushManifestAsync(memory, 11, [shared]);
        var arm64 = await PushManifestAsync(memory, 12, [shared, await memory.PushBytesAsync(LayerType, TestData.Random(5000, 13))]);
        var index = await memory.PushBytesAsync(MediaTypes.ImageIndex, new ImageIndex([amd64.Manifest, arm64.Manifest]).ToJsonBytes());
        await memory.TagAsync(index, "multi");
        var remote = Remote(Unique("copy/index"));
        await GraphCopy.CopyAsync(memory, "multi", remote);

        var layout = new OciLayoutStore(Path.Combine(_dir.Path, "pulled"));
        using var lease = layout.BeginLease();
        var local = new OciLayoutRepository(layout, $"{registry.HostPort}/{remote.Repository}", lease);
        var observer = new RecordingObserver();
        var root = await GraphCopy.CopyAsync(remote, "multi", local, options: new CopyOptions { Observer = observer });

        Assert.Equal(index.Digest, root.Digest);
        Assert.Equal(index.Digest, (await local.ResolveAsync("multi")).Digest);
        foreach (var node in amd64.Blobs.Concat(arm64.Blobs).Append(amd64.Manifest).Append(arm64.Manifest).Append(index))
            Assert.True(layout.Exists(node.Digest), node.Digest.ToString());
        Assert.Equal(1, _recorder.Requests.Count(r => r.StartsWith($"GET /v2/{remote.Repository}/blobs/{shared.Digest}", StringComparison.Ordinal)));
        Assert.Equal(CopyNodeKind.Index, observer.Kinds[index.Digest]);
        Assert.Equal(CopyOutcome.Copied, observer.Outcomes[shared.Digest]);
    }
}
