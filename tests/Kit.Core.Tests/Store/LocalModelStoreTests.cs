using System.Text;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Tests.Store;

public class LocalModelStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-core-store-" + Guid.NewGuid().ToString("N"));
    private readonly LocalModelStore _store;

    public LocalModelStoreTests() => _store = LocalModelStore.Open(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, true); }
        catch (IOException) { }
    }

    private string IndexJson => File.ReadAllText(Path.Combine(_root, "index.json"));

    /// <summary>A stored ModelKit-like manifest: config plus the given layers.</summary>
    private async Task<Descriptor> Kit(string config, params string[] layers)
    {
        var c = await _store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.config.v1+json", Encoding.UTF8.GetBytes(config));
        var ls = new List<Descriptor>();
        foreach (var l in layers)
            ls.Add(await _store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.model.v1.tar", Encoding.UTF8.GetBytes(l)));
        return await _store.Layout.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(c, ls).ToJsonBytes());
    }

    [Fact]
    public async Task Tag_is_an_entry_with_full_reference_as_ref_name()
    {
        var kit = await Kit("c1", "l1");
        await _store.AddManifestAsync("localhost/test", kit, ["v1"]);

        Assert.Contains("\"annotations\":{\"org.opencontainers.image.ref.name\":\"localhost/test:v1\"}", IndexJson);
        Assert.Equal(kit.Digest, (await _store.ResolveAsync("localhost/test", "v1"))?.Digest);
        Assert.Null(await _store.ResolveAsync("localhost/test", "v2"));
        Assert.Null(await _store.ResolveAsync("localhost/other", "v1"));
        var listed = Assert.Single(await _store.ListAsync());
        Assert.Equal("localhost/test", listed.Repository);
        Assert.Equal(["v1"], listed.Tags);
        Assert.Null(listed.Descriptor.Annotations);
    }

    [Fact]
    public async Task Untagged_manifest_is_held_by_our_repository_annotation()
    {
        var kit = await Kit("c1");
        await _store.AddManifestAsync("localhost/test", kit, []);

        Assert.Contains("\"ml.kitops.kit.repository\":\"localhost/test\"", IndexJson);
        Assert.DoesNotContain("ref.name", IndexJson);
        Assert.Equal(kit.Digest, (await _store.ResolveAsync("localhost/test", kit.Digest.ToString()))?.Digest);
        Assert.Null(await _store.ResolveAsync("localhost/elsewhere", kit.Digest.ToString()));
        Assert.Empty(Assert.Single(await _store.ListAsync()).Tags);
    }

    [Fact]
    public async Task Tagging_an_untagged_manifest_replaces_the_untagged_entry()
    {
        var kit = await Kit("c1");
        await _store.AddManifestAsync("localhost/test", kit, []);
        await _store.TagAsync("localhost/test", "v1", kit);
        await _store.TagAsync("localhost/test", "v2", kit);

        var index = await _store.Layout.ReadIndexAsync();
        Assert.Equal(2, index.Manifests.Count);
        Assert.DoesNotContain(LocalModelStore.RepositoryAnnotation, IndexJson);
        Assert.Equal(["v1", "v2"], Assert.Single(await _store.ListAsync()).Tags);
    }

    [Fact]
    public async Task Moving_a_tag_leaves_the_old_manifest_untagged_in_the_repository()
    {
        var old = await Kit("old");
        var @new = await Kit("new");
        await _store.AddManifestAsync("localhost/test", old, ["latest"]);
        await _store.AddManifestAsync("localhost/test", @new, ["latest"]);

        Assert.Equal(@new.Digest, (await _store.ResolveAsync("localhost/test", "latest"))?.Digest);
        Assert.Equal(old.Digest, (await _store.ResolveAsync("localhost/test", old.Digest.ToString()))?.Digest);
        var list = await _store.ListAsync();
        Assert.Equal(2, list.Count);
        Assert.Empty(list.Single(m => m.Descriptor.Digest == old.Digest).Tags);
        Assert.Equal(["latest"], list.Single(m => m.Descriptor.Digest == @new.Digest).Tags);
    }

    [Fact]
    public async Task Moving_a_tag_keeps_no_untagged_entry_when_the_old_manifest_has_other_tags()
    {
        var old = await Kit("old");
        var @new = await Kit("new");
        await _store.AddManifestAsync("localhost/test", old, ["latest", "v1"]);
        await _store.TagAsync("localhost/test", "latest", @new);

        Assert.Equal(["v1"], (await _store.ListAsync()).Single(m => m.Descriptor.Digest == old.Digest).Tags);
        Assert.DoesNotContain(LocalModelStore.RepositoryAnnotation, IndexJson);
    }

    [Fact]
    public async Task Untag_keeps_the_manifest_in_the_repository()
    {
        var kit = await Kit("c");
        await _store.AddManifestAsync("localhost/test", kit, ["v1", "v2"]);

        Assert.True(await _store.UntagAsync("localhost/test", "v1"));
        Assert.False(await _store.UntagAsync("localhost/test", "v1"));
        Assert.Equal(["v2"], Assert.Single(await _store.ListAsync()).Tags);

        Assert.True(await _store.UntagAsync("localhost/test", "v2"));
        var listed = Assert.Single(await _store.ListAsync());
        Assert.Empty(listed.Tags);
        Assert.Equal(kit.Digest, (await _store.ResolveAsync("localhost/test", kit.Digest.ToString()))?.Digest);
    }

    [Fact]
    public async Task Remove_drops_the_pair_and_its_tags_only_in_that_repository()
    {
        var kit = await Kit("c");
        await _store.AddManifestAsync("localhost/a", kit, ["v1", "v2"]);
        await _store.AddManifestAsync("localhost/b", kit, ["v1"]);

        Assert.True(await _store.RemoveManifestAsync("localhost/a", kit.Digest));
        Assert.False(await _store.RemoveManifestAsync("localhost/a", kit.Digest));

        Assert.Null(await _store.ResolveAsync("localhost/a", "v1"));
        Assert.Null(await _store.ResolveAsync("localhost/a", kit.Digest.ToString()));
        Assert.Equal(kit.Digest, (await _store.ResolveAsync("localhost/b", "v1"))?.Digest);
        Assert.Equal("localhost/b", Assert.Single(await _store.ListAsync()).Repository);
    }

    [Fact]
    public async Task Gc_after_remove_deletes_only_blobs_no_other_manifest_uses()
    {
        var a = await Kit("config a", "shared layer", "layer a");
        var b = await Kit("config b", "shared layer");
        await _store.AddManifestAsync("localhost/a", a, ["v1"]);
        await _store.AddManifestAsync("registry.example.com/team/b", b, ["v1"]);
        Assert.Empty((await _store.CollectGarbageAsync()).DeletedBlobs);

        await _store.RemoveManifestAsync("localhost/a", a.Digest);
        var result = await _store.CollectGarbageAsync();

        Assert.Equal(3, result.BlobsDeleted); // manifest a, config a, layer a
        Assert.False(_store.Layout.Exists(a.Digest));
        Assert.True(_store.Layout.Exists(Digest.Compute("shared layer"u8)));
        Assert.False(_store.Layout.Exists(Digest.Compute("layer a"u8)));
        Assert.True(_store.Layout.Exists(b.Digest));
    }

    [Fact]
    public async Task Gc_keeps_a_manifest_still_held_by_another_repository()
    {
        var kit = await Kit("c", "l");
        await _store.AddManifestAsync("localhost/a", kit, ["v1"]);
        await _store.AddManifestAsync("localhost/b", kit, []);
        await _store.RemoveManifestAsync("localhost/a", kit.Digest);

        Assert.Empty((await _store.CollectGarbageAsync()).DeletedBlobs);
        Assert.True(_store.Layout.Exists(kit.Digest));
    }

    [Fact]
    public async Task Skopeo_style_entries_are_tolerated_listed_and_kept()
    {
        var kit = await Kit("c", "l");
        var foreign = await Kit("foreign");
        Directory.CreateDirectory(_root);
        // As `skopeo copy ... oci:<dir>:v1` writes: no top-level mediaType, bare ref name, plus an unnamed duplicate.
        File.WriteAllText(Path.Combine(_root, "index.json"),
            "{\"schemaVersion\":2,\"manifests\":[" +
            $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{foreign.Digest}\",\"size\":{foreign.Size},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"v1\"}}}}," +
            $"{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"{foreign.Digest}\",\"size\":{foreign.Size}}}]}}");

        await _store.AddManifestAsync("localhost/test", kit, ["v1"]);
        await _store.UntagAsync("localhost/test", "v1");
        await _store.TagAsync("localhost/test", "v1", kit);

        var index = await _store.Layout.ReadIndexAsync();
        Assert.Equal(3, index.Manifests.Count);
        Assert.Equal("v1", index.Manifests[0].Annotations![OciAnnotations.RefName]);
        Assert.Null(index.Manifests[1].Annotations);
        Assert.Null(await _store.ResolveAsync("", "v1"));

        var list = await _store.ListAsync();
        var other = Assert.Single(list, m => m.Repository == "");
        Assert.Equal(foreign.Digest, other.Descriptor.Digest);
        Assert.Equal(["v1"], other.Tags);
        Assert.Equal(["v1"], Assert.Single(list, m => m.Repository == "localhost/test").Tags);

        // Foreign entries are roots for GC too.
        await _store.CollectGarbageAsync();
        Assert.True(_store.Layout.Exists(foreign.Digest));
    }

    [Theory]
    [InlineData("test")]
    [InlineData("localhost/test:v1")]
    [InlineData("localhost/")]
    [InlineData("localhost/te st")]
    [InlineData("localhost/test@sha256")]
    public async Task Rejects_repositories_that_are_not_fully_qualified(string repository)
    {
        var kit = await Kit("c");
        await Assert.ThrowsAsync<ArgumentException>(() => _store.AddManifestAsync(repository, kit, ["v1"]));
        Assert.False(File.Exists(Path.Combine(_root, "index.json")));
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("a b")]
    public async Task Rejects_invalid_tags(string tag)
    {
        var kit = await Kit("c");
        await Assert.ThrowsAsync<ArgumentException>(() => _store.TagAsync("localhost/test", tag, kit));
    }

    [Fact]
    public async Task Registry_with_port_is_a_valid_repository()
    {
        var kit = await Kit("c");
        await _store.TagAsync("localhost:5000/team/model", "v1", kit);
        Assert.Equal("localhost:5000/team/model", Assert.Single(await _store.ListAsync()).Repository);
        Assert.Equal(kit.Digest, (await _store.ResolveAsync("localhost:5000/team/model", "v1"))?.Digest);
    }

    [Fact]
    public async Task Concurrent_tagging_from_many_tasks_loses_no_tag()
    {
        var kit = await Kit("c");
        var stores = new[] { _store, LocalModelStore.Open(_root) };
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => stores[i % 2].TagAsync("localhost/test", "t" + i, kit))));
        Assert.Equal(40, Assert.Single(await _store.ListAsync()).Tags.Count);
    }
}
