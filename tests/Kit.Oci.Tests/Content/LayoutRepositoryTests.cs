using Kit.Oci.Content;
using Kit.Oci.Layout;
using Kit.Oci.Tests.Remote;

namespace Kit.Oci.Tests.Content;

public sealed class LayoutRepositoryTests : StorageConformanceTests, IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly OciLayoutStore _layout;
    private readonly StoreLease _lease;
    private readonly OciLayoutRepository _repository;

    public LayoutRepositoryTests()
    {
        _layout = new OciLayoutStore(_dir.Path);
        _lease = _layout.BeginLease();
        _repository = new OciLayoutRepository(_layout, "localhost/conformance", _lease);
    }

    public void Dispose()
    {
        _lease.Dispose();
        _dir.Dispose();
    }

    protected override ITarget Store => _repository;

    protected override async Task DamageAsync(Descriptor stored, bool truncate)
    {
        var path = _layout.GetBlobPath(stored.Digest);
        Writable.Make(path);
        await File.WriteAllBytesAsync(path, MemoryStoreTests.Damage(await File.ReadAllBytesAsync(path), truncate));
    }

    [Fact]
    public async Task Tags_of_one_repository_are_invisible_to_another_while_blobs_are_shared()
    {
        var (manifest, layer) = await PushImageAsync(seed: 30);
        await _repository.TagAsync(manifest, "v1");
        var other = new OciLayoutRepository(_layout, "localhost/other", _lease);

        await Assert.ThrowsAsync<ContentNotFoundException>(() => other.ResolveAsync("v1"));
        Assert.True(await other.ExistsAsync(TestData.Describe(layer, LayerType)));
        Assert.Empty(await other.ListTagsAsync());
    }

    [Fact]
    public async Task Tagging_with_the_manifest_digest_keeps_it_in_the_repository_untagged()
    {
        var (manifest, _) = await PushImageAsync(seed: 31);
        await _repository.TagAsync(manifest, manifest.Digest.ToString());

        Assert.Equal(manifest, await _repository.ResolveAsync(manifest.Digest.ToString()));
        Assert.Empty(await _repository.ListTagsAsync());
        var entry = Assert.Single((await _layout.ReadIndexAsync()).Manifests);
        Assert.Equal("localhost/conformance", entry.Annotations![EntryName.RepositoryAnnotation]);
    }

    [Fact]
    public async Task What_it_pushes_or_finds_is_leased_until_named()
    {
        var (manifest, _) = await PushImageAsync(seed: 32);
        Assert.Contains(manifest.Digest, _lease.Digests);
        var gc = await _layout.CollectGarbageAsync();
        Assert.DoesNotContain(manifest.Digest, gc.DeletedBlobs);
        Assert.True(_layout.Exists(manifest.Digest));
    }
}
