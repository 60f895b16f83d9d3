using System.Text;
using Kit.Core.Indexes;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Core.Transfer;
using Kit.Oci;

namespace Kit.Core.Tests.Indexes;

public sealed class ModelKitIndexesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-core-indexes-" + Guid.NewGuid().ToString("N"));
    private readonly LocalModelStore _store;
    private readonly ModelKitIndexes _indexes;

    public ModelKitIndexesTests()
    {
        _store = LocalModelStore.Open(_root);
        _indexes = new ModelKitIndexes(new LocalModelKits(_store), null, new TransferOptions(), _ => { }, _ => { });
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); }
        catch (IOException) { }
    }

    private static ModelReference Ref(string r) => ModelReference.Parse(r);

    /// <summary>A stored ModelKit manifest tagged <paramref name="reference"/>, with layers of the given contents.</summary>
    private async Task<Descriptor> Kit(string reference, params string[] layers)
    {
        var c = await _store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.config.v1+json", Encoding.UTF8.GetBytes("{\"manifestVersion\":\"1.0.0\",\"r\":\"" + reference + "\"}"));
        var ls = new List<Descriptor>();
        foreach (var l in layers)
            ls.Add(await _store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.model.v1.tar", Encoding.UTF8.GetBytes(l)));
        var m = await _store.Layout.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(c, ls).ToJsonBytes());
        var r = Ref(reference);
        await _store.AddManifestAsync(r.FullRepository, m, [r.Tag!]);
        return m;
    }

    private string IndexesDir => Path.Combine(_root, "indexes");

    [Fact]
    public async Task Index_tags_are_KitOps_repository_files_under_indexes()
    {
        var created = await _indexes.CreateAsync(Ref("llama:v1"));
        Assert.Equal("sha256:a9fb1fab7732abad08678d29f8a52add461a4ebd3d6ddd078b94f2659ab9d595", created.Digest.ToString());
        // base64url("localhost/llama")
        Assert.Equal(
            """{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:a9fb1fab7732abad08678d29f8a52add461a4ebd3d6ddd078b94f2659ab9d595","size":151}]}""",
            File.ReadAllText(Path.Combine(IndexesDir, "bG9jYWxob3N0L2xsYW1h-index.json")));
        Assert.Equal(
            """{"v1":{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:a9fb1fab7732abad08678d29f8a52add461a4ebd3d6ddd078b94f2659ab9d595","size":151}}""",
            File.ReadAllText(Path.Combine(IndexesDir, "bG9jYWxob3N0L2xsYW1h-tags.json")));
        Assert.Equal("index localhost/llama:v1 already exists", (await Assert.ThrowsAsync<KitException>(() => _indexes.CreateAsync(Ref("llama:v1")))).Message);
        // Index tags are their own namespace: kit list and the ModelKit names do not see them.
        Assert.Empty(await new LocalModelKits(_store).ListAsync());
        Assert.Equal("index reference must be a tag, not a digest: localhost/_@" + created.Digest,
            (await Assert.ThrowsAsync<KitException>(() => _indexes.CreateAsync(Ref(created.Digest.ToString())))).Message);
    }

    [Fact]
    public async Task Add_records_tag_size_and_labels_and_edits_in_place()
    {
        var q4 = await Kit("llama:q4", "aaaa", "bb");
        var f16 = await Kit("llama:f16", "cccccccc");
        await _indexes.CreateAsync(Ref("llama:3"));
        var first = await _indexes.AddAsync(Ref("llama:3"), Ref("llama:q4"), false, IndexLabels.ParseLabelEdits(["quantization=q4_0"]), [], default);
        await _indexes.AddAsync(Ref("llama:3"), Ref("llama@" + f16.Digest), false, IndexLabels.ParseLabelEdits(["quantization=f16"]), IndexLabels.ParseAnnotationEdits(["note=big"]));
        var edited = await _indexes.AddAsync(Ref("llama:3"), Ref("llama:q4"), false, IndexLabels.ParseLabelEdits(["vram=6GB"]), []);

        var found = await _indexes.GetAsync(Ref("llama:3"), remote: false);
        Assert.Equal(edited.Digest, found.Descriptor.Digest);
        Assert.Equal([q4.Digest, f16.Digest], found.Document.Entries.Select(e => e.Digest));
        var e0 = found.Document.Entries[0];
        Assert.Equal(["quantization=q4_0", "vram=6GB"], e0.LabelPairs());
        Assert.Equal("q4", e0.OriginalTag);
        Assert.Equal(6, e0.RecordedSize);
        Assert.Equal("application/vnd.kitops.modelkit.manifest.v1+json", e0.ArtifactType);
        Assert.Null(found.Document.Entries[1].OriginalTag); // added by digest
        Assert.Equal("big", found.Document.Entries[1].Annotations["note"]);

        // Each edit moved the tag; the versions it left are no longer in the repository.
        var listed = Assert.Single(await _indexes.ListAsync());
        Assert.Equal(["3"], listed.Tags);
        Assert.Equal(2, listed.ModelKits);
        Assert.NotEqual(first.Digest, listed.Digest);

        var (removed, after) = await _indexes.RemoveAsync(Ref("llama:3"), "llama:q4");
        Assert.Equal(q4.Digest, removed);
        Assert.Equal([f16.Digest], (await _indexes.GetAsync(Ref("llama:3"), false)).Document.Entries.Select(e => e.Digest));
        Assert.Equal($"index localhost/llama:3 does not contain {q4.Digest}",
            (await Assert.ThrowsAsync<KitException>(() => _indexes.RemoveAsync(Ref("llama:3"), q4.Digest.ToString()))).Message);
        Assert.NotNull(after);
    }

    [Fact]
    public async Task Add_refuses_other_repositories_and_missing_things()
    {
        await Kit("other:1", "x");
        await _indexes.CreateAsync(Ref("llama:3"));
        Assert.Equal("ModelKit localhost/other:1 is not in the same repository as index localhost/llama:3; an index may only reference ModelKits in its own repository",
            (await Assert.ThrowsAsync<KitException>(() => _indexes.AddAsync(Ref("llama:3"), Ref("other:1"), false, [], []))).Message);
        Assert.Equal("could not find ModelKit localhost/llama:9 in local storage; use --remote to resolve it in its registry",
            (await Assert.ThrowsAsync<KitException>(() => _indexes.AddAsync(Ref("llama:3"), Ref("llama:9"), false, [], []))).Message);
        await Kit("llama:1", "y");
        Assert.Equal("could not find index localhost/llama:4 in local storage; use 'kit index create' to create it",
            (await Assert.ThrowsAsync<KitException>(() => _indexes.AddAsync(Ref("llama:4"), Ref("llama:1"), false, [], []))).Message);
        Assert.Equal("can not check remote: localhost/llama:1 does not contain registry",
            (await Assert.ThrowsAsync<KitException>(() => _indexes.AddAsync(Ref("llama:3"), Ref("llama:1"), true, [], []))).Message);
    }

    [Fact]
    public async Task Garbage_collection_keeps_an_index_and_its_ModelKits_until_the_index_is_deleted()
    {
        var kit = await Kit("llama:q4", "weights");
        var manifest = Manifest.Parse(await _store.Layout.ReadAllBytesVerifiedAsync(kit.Digest));
        await _indexes.CreateAsync(Ref("llama:3"));
        var index = await _indexes.AddAsync(Ref("llama:3"), Ref("llama:q4"), false, [], []);
        await _store.RemoveManifestAsync("localhost/llama", kit.Digest);
        await _store.CollectGarbageAsync();
        Assert.True(_store.Layout.Exists(index.Digest));
        Assert.All(manifest.Layers.Append(manifest.Config), b => Assert.True(_store.Layout.Exists(b.Digest)));

        var (deleted, untaggedOnly, tags) = await _indexes.DeleteAsync(Ref("llama:3"), force: false);
        Assert.Equal(index.Digest, deleted);
        Assert.False(untaggedOnly);
        Assert.Equal(["3"], tags);
        Assert.False(_store.Layout.Exists(index.Digest));
        Assert.False(_store.Layout.Exists(kit.Digest)); // nothing names it any more
        Assert.Empty(Directory.GetFiles(IndexesDir));
    }

    [Fact]
    public async Task Delete_untags_a_shared_index_and_all_removes_untagged_ones()
    {
        await _indexes.CreateAsync(Ref("llama:a"));
        var shared = await _indexes.CreateAsync(Ref("llama:b"));
        var (_, untaggedOnly, _) = await _indexes.DeleteAsync(Ref("llama:a"), force: false);
        Assert.True(untaggedOnly);
        Assert.True(_store.Layout.Exists(shared.Digest));
        Assert.Equal("could not find index localhost/llama:zz in local storage", (await Assert.ThrowsAsync<KitException>(() => _indexes.DeleteAsync(Ref("llama:zz"), false))).Message);
        await Kit("llama:kit", "k");
        Assert.Equal("localhost/llama:kit is not a ModelKit index; use 'kit remove' to remove a ModelKit",
            (await Assert.ThrowsAsync<KitException>(() => _indexes.DeleteAsync(Ref("llama:kit"), false))).Message);
        Assert.Empty(await _indexes.DeleteAllAsync(force: false));
        Assert.Single(await _indexes.DeleteAllAsync(force: true));
        Assert.Empty(await _indexes.ListAsync());
    }

    [Fact]
    public async Task Unpack_target_is_selected_by_labels_and_a_stored_ModelKit_ignores_them()
    {
        var q4 = await Kit("llama:q4", "a");
        var f16 = await Kit("llama:f16", "b");
        await _indexes.CreateAsync(Ref("llama:3"));
        await _indexes.AddAsync(Ref("llama:3"), Ref("llama:q4"), false, IndexLabels.ParseLabelEdits(["q=4"]), []);
        await _indexes.AddAsync(Ref("llama:3"), Ref("llama:f16"), false, IndexLabels.ParseLabelEdits(["q=16"]), []);

        Assert.Equal(f16.Digest, (await _indexes.ResolveUnpackTargetAsync(Ref("llama:3"), [new("q", "16")])).Digest);
        await Assert.ThrowsAsync<IndexSelectionException>(() => _indexes.ResolveUnpackTargetAsync(Ref("llama:3"), []));
        var warnings = new List<string>();
        var indexes = new ModelKitIndexes(new LocalModelKits(_store), null, new TransferOptions(), _ => { }, warnings.Add);
        Assert.Equal(Ref("llama:q4"), await indexes.ResolveUnpackTargetAsync(Ref("llama:q4"), [new("q", "16")]));
        Assert.Equal(["Labels are ignored: localhost/llama:q4 is a ModelKit, not a ModelKit index"], warnings);
        Assert.Equal("failed to find ModelKit index localhost/llama:none: not found in local storage",
            (await Assert.ThrowsAsync<KitException>(() => _indexes.ResolveUnpackTargetAsync(Ref("llama:none"), [new("q", "4")]))).Message);
        Assert.Equal(q4.Digest, (await _indexes.ResolveUnpackTargetAsync(Ref("llama:3"), [new("q", "4")])).Digest);
    }
}
