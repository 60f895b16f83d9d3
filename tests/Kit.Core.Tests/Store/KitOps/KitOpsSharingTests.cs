using System.Text;
using System.Text.Json;
using Kit.Core.Store;
using Kit.Core.Store.KitOps;
using Kit.Core.Tests.Store.Migration;
using Kit.Oci;

namespace Kit.Core.Tests.Store.KitOps;

/// <summary>
/// kit and KitOps on one store: KitOps's per-repository files are read (never converted away), kept in step with
/// every change kit makes, and what KitOps changes in them is picked up by the next kit command. KitOps stores are
/// written by hand, byte for byte as KitOps writes them.
/// </summary>
public sealed class KitOpsSharingTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-share-" + Guid.NewGuid().ToString("N"));
    private readonly KitOpsStorageWriter _kitops;
    private readonly List<string> _info = [];
    private readonly List<string> _warnings = [];
    private readonly LocalModelStore _store;

    public KitOpsSharingTests()
    {
        _kitops = new KitOpsStorageWriter(_root);
        _store = new LocalModelStore(LocalModelStore.OpenLayout(_root, info: _info.Add, warn: _warnings.Add));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); }
        catch (IOException) { }
    }

    private async Task<List<(string Repository, string Digest, string Tags)>> ListAsync() =>
        (await _store.ListAsync()).Select(m => (m.Repository, m.Descriptor.Digest.ToString(), string.Join(",", m.Tags))).ToList();

    private static Descriptor Of(KitOpsStorageWriter.Blob blob) => new(blob.MediaType, Digest.Parse(blob.Digest), blob.Size);

    /// <summary>Resolves as KitOps does: a tag through <c>&lt;b64&gt;-tags.json</c>, a digest through <c>&lt;b64&gt;-index.json</c>.</summary>
    private string? KitOpsResolve(string repository, string tagOrDigest)
    {
        if (tagOrDigest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            var path = _kitops.RepositoryIndexPath(repository);
            if (!File.Exists(path)) return null;
            using var index = JsonDocument.Parse(File.ReadAllBytes(path));
            return index.RootElement.GetProperty("manifests").EnumerateArray()
                .Select(m => m.GetProperty("digest").GetString()).FirstOrDefault(d => d == tagOrDigest);
        }
        var tagsPath = _kitops.RepositoryTagsPath(repository);
        if (!File.Exists(tagsPath)) return null;
        using var tags = JsonDocument.Parse(File.ReadAllBytes(tagsPath));
        return tags.RootElement.TryGetProperty(tagOrDigest, out var d) ? d.GetProperty("digest").GetString() : null;
    }

    [Fact]
    public void Repository_file_names_are_url_safe_base64_with_padding()
    {
        Assert.Equal("bG9jYWxob3N0L3Rlc3Q=", RepositoryFileName.Encode("localhost/test"));
        Assert.Equal("bG9jYWxob3N0L18=", RepositoryFileName.Encode("localhost/_"));
        Assert.True(RepositoryFileName.TryDecode("bG9jYWxob3N0L3Rlc3Q=", out var repository));
        Assert.Equal("localhost/test", repository);
        Assert.Equal("bG9jYWxob3N0L18=", RepositoryFileName.EncodedPart("bG9jYWxob3N0L18=-tags.json"));
        Assert.Null(RepositoryFileName.EncodedPart("index.json"));
        Assert.Null(RepositoryFileName.EncodedPart("-index.json"));
    }

    [Fact]
    public async Task Every_change_kit_makes_is_written_as_kitops_files_byte_for_byte()
    {
        var a = _kitops.WriteKit("a", "layer-a");
        var b = _kitops.WriteKit("b", "layer-b");
        await _store.AddManifestAsync("localhost/test", Of(a), ["v1", "latest"]);
        await _store.AddManifestAsync("localhost/test", Of(b), []);

        Assert.Equal($"{{\"schemaVersion\":2,\"manifests\":[{a.Json},{b.Json}]}}", File.ReadAllText(_kitops.RepositoryIndexPath("localhost/test")));
        Assert.Equal($"{{\"latest\":{a.Json},\"v1\":{a.Json}}}", File.ReadAllText(_kitops.RepositoryTagsPath("localhost/test")));
        Assert.Equal(a.Digest, KitOpsResolve("localhost/test", "v1"));
        Assert.Equal(b.Digest, KitOpsResolve("localhost/test", b.Digest));

        await _store.RemoveReferenceAsync("localhost/test", "v1", force: false);
        Assert.Null(KitOpsResolve("localhost/test", "v1"));
        Assert.Equal(a.Digest, KitOpsResolve("localhost/test", "latest"));

        await _store.RemoveAllAsync(force: true);
        // KitOps deletes a repository's files once they are empty; so do we.
        Assert.False(File.Exists(_kitops.RepositoryIndexPath("localhost/test")));
        Assert.False(File.Exists(_kitops.RepositoryTagsPath("localhost/test")));
    }

    [Fact]
    public async Task A_kitops_store_is_read_on_first_contact_and_its_files_are_kept()
    {
        _kitops.WriteLayoutFile();
        var a = _kitops.WriteKit("a", "layer-a");
        var b = _kitops.WriteKit("b", "layer-b");
        var c = _kitops.WriteKit("c", "layer-c");
        var orphan = _kitops.WriteKit("orphan", "layer-o");
        var missing = KitOpsStorageWriter.Describe(KitOpsStorageWriter.ManifestType, Encoding.UTF8.GetBytes("never stored"));
        _kitops.WriteSharedIndex(a, b, c, orphan);
        _kitops.WriteRepositoryIndex("localhost/test", a, b);
        _kitops.WriteRepositoryTags("localhost/test", ("latest", a), ("v1", a));
        _kitops.WriteRepositoryIndex("registry.example.com/team/model", a);
        _kitops.WriteRepositoryTags("registry.example.com/team/model", ("v2", a));
        // KitOps's own migration tags untagged kits with their digest string.
        _kitops.WriteRepositoryIndex("localhost/_", c);
        _kitops.WriteRepositoryTags("localhost/_", (c.Digest, c));
        _kitops.WriteRepositoryIndex("localhost/broken", missing);
        _kitops.WriteRepositoryTags("localhost/broken", ("v1", missing));
        var kitopsTestTags = File.ReadAllBytes(_kitops.RepositoryTagsPath("localhost/test"));

        await _store.CatchUpWithKitOpsAsync();

        Assert.Equal(
            [
                ("", orphan.Digest, ""),
                ("localhost/_", c.Digest, ""),
                ("localhost/test", a.Digest, "latest,v1"),
                ("localhost/test", b.Digest, ""),
                ("registry.example.com/team/model", a.Digest, "v2"),
            ],
            await ListAsync());
        Assert.Contains("KitOps", Assert.Single(_info), StringComparison.Ordinal);
        Assert.Contains(_warnings, w => w.Contains(missing.Digest, StringComparison.Ordinal) && w.Contains("missing", StringComparison.Ordinal));
        // Nothing converted away: KitOps still resolves everything through its own files (the same bytes where nothing changed).
        Assert.Equal(kitopsTestTags, File.ReadAllBytes(_kitops.RepositoryTagsPath("localhost/test")));
        Assert.Equal(a.Digest, KitOpsResolve("localhost/test", "v1"));
        Assert.Equal(b.Digest, KitOpsResolve("localhost/test", b.Digest));
        Assert.Equal(a.Digest, KitOpsResolve("registry.example.com/team/model", "v2"));
        Assert.Equal(c.Digest, KitOpsResolve("localhost/_", c.Digest));
        Assert.True(File.Exists(_kitops.RepositoryTagsPath("localhost/broken")));
        // KitOps's bare entries are gone where a name now covers them; the one no repository names stays.
        var bare = (await _store.Layout.ReadIndexAsync()).Manifests.Where(e => e.Annotations is null).ToList();
        Assert.Equal(orphan.Digest, Assert.Single(bare).Digest.ToString());

        var before = File.ReadAllBytes(Path.Combine(_root, "index.json"));
        _warnings.Clear();
        await _store.CatchUpWithKitOpsAsync();
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_root, "index.json")));
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task Names_kit_already_has_win_over_kitops_tags_on_first_contact()
    {
        _kitops.WriteLayoutFile();
        var a = _kitops.WriteKit("a", "layer-a");
        var ours = _kitops.WriteKit("ours", "layer-ours");
        await new LocalModelStore(new Kit.Oci.Layout.OciLayoutStore(_root)).AddManifestAsync("localhost/test", Of(ours), ["v1"]);
        _kitops.WriteRepositoryIndex("localhost/test", a);
        _kitops.WriteRepositoryTags("localhost/test", ("v1", a), ("v2", a));

        await _store.CatchUpWithKitOpsAsync();

        Assert.Equal([("localhost/test", ours.Digest, "v1"), ("localhost/test", a.Digest, "v2")],
            (await ListAsync()).OrderBy(r => r.Tags, StringComparer.Ordinal).ToList());
        Assert.Equal(ours.Digest, KitOpsResolve("localhost/test", "v1"));
        Assert.Equal(a.Digest, KitOpsResolve("localhost/test", "v2"));
    }

    [Fact]
    public async Task What_kitops_changes_in_its_files_is_picked_up_by_the_next_command()
    {
        var a = _kitops.WriteKit("a", "layer-a");
        var b = _kitops.WriteKit("b", "layer-b");
        var c = _kitops.WriteKit("c", "layer-c");
        await _store.AddManifestAsync("localhost/test", Of(a), ["v1", "v2"]);
        await _store.AddManifestAsync("localhost/other", Of(b), ["keep"]);
        await _store.AddManifestAsync("localhost/loose", Of(b), []);

        // KitOps: `kit tag` adds v3, `kit remove :v2` drops v2, `kit pack -t new:1` adds a repository; its OCI
        // library rewrites index.json with bare entries only, dropping the untagged membership of localhost/loose.
        _kitops.WriteRepositoryTags("localhost/test", ("v1", a), ("v3", a));
        _kitops.WriteRepositoryIndex("localhost/new", c);
        _kitops.WriteRepositoryTags("localhost/new", ("1", c));
        File.WriteAllText(Path.Combine(_root, "index.json"),
            $"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{a.Json},{b.Json},{c.Json}]}}");
        Assert.Null(await _store.ResolveAsync("localhost/test", "v1"));

        await _store.CatchUpWithKitOpsAsync();

        Assert.Equal(
            [
                ("localhost/loose", b.Digest, ""),
                ("localhost/new", c.Digest, "1"),
                ("localhost/other", b.Digest, "keep"),
                ("localhost/test", a.Digest, "v1,v3"),
            ],
            await ListAsync());
        Assert.Equal(b.Digest, KitOpsResolve("localhost/loose", b.Digest));

        // KitOps removes the last ModelKit of a repository: both its files go.
        File.Delete(_kitops.RepositoryIndexPath("localhost/other"));
        File.Delete(_kitops.RepositoryTagsPath("localhost/other"));
        await _store.CatchUpWithKitOpsAsync();
        Assert.DoesNotContain(await ListAsync(), r => r.Repository == "localhost/other");
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task A_tags_file_kitops_rewrites_alone_is_noticed_from_the_record_summary()
    {
        var a = _kitops.WriteKit("a", "layer-a");
        await _store.AddManifestAsync("localhost/test", Of(a), ["v1"]);
        Assert.False(_store.Layout.Mirror!.IsStale());

        // KitOps's `kit tag` rewrites only the tags file; index.json and every other file stay as they were.
        _kitops.WriteRepositoryTags("localhost/test", ("v1", a), ("v2", a));
        // The next kit command notices.
        var next = new LocalModelStore(LocalModelStore.OpenLayout(_root, info: _info.Add, warn: _warnings.Add));
        Assert.True(next.Layout.Mirror!.IsStale());
        await next.CatchUpWithKitOpsAsync();
        Assert.False(next.Layout.Mirror.IsStale());
        Assert.Equal([("localhost/test", a.Digest, "v1,v2")], (await next.ListAsync()).Select(m => (m.Repository, m.Descriptor.Digest.ToString(), string.Join(",", m.Tags))));
    }

    [Fact]
    public async Task A_command_on_one_repository_checks_only_its_files_and_the_next_whole_check_finds_kitops_changes_elsewhere()
    {
        var a = _kitops.WriteKit("a", "layer-a");
        var b = _kitops.WriteKit("b", "layer-b");
        await _store.AddManifestAsync("localhost/one", Of(a), ["v1"]);
        await _store.AddManifestAsync("localhost/two", Of(b), ["v1"]);

        // KitOps tags in "two": only that tags file changes.
        _kitops.WriteRepositoryTags("localhost/two", ("v1", b), ("v2", b));
        var next = new LocalModelStore(LocalModelStore.OpenLayout(_root, info: _info.Add, warn: _warnings.Add));
        Assert.False(next.Layout.Mirror!.IsStale(["localhost/one"]));
        Assert.True(next.Layout.Mirror.IsStale(["localhost/two"]));
        Assert.True(next.Layout.Mirror.IsStale(["localhost/one", "localhost/two"]));

        // kit tags in "one" without reading all of KitOps's files; both tools still see both changes.
        await next.CatchUpWithKitOpsAsync(["localhost/one"]);
        await next.AddManifestAsync("localhost/one", Of(a), ["v3"]);
        Assert.Equal(a.Digest, KitOpsResolve("localhost/one", "v3"));
        Assert.Equal(b.Digest, KitOpsResolve("localhost/two", "v2"));
        var third = new LocalModelStore(LocalModelStore.OpenLayout(_root, info: _info.Add, warn: _warnings.Add));
        Assert.True(third.Layout.Mirror!.IsStale());
        await third.CatchUpWithKitOpsAsync();
        Assert.Equal([("localhost/one", a.Digest, "v1,v3"), ("localhost/two", b.Digest, "v1,v2")],
            (await third.ListAsync()).Select(m => (m.Repository, m.Descriptor.Digest.ToString(), string.Join(",", m.Tags))));

        // KitOps rewriting index.json concerns every repository.
        _kitops.WriteSharedIndex(a, b);
        Assert.True(new LocalModelStore(LocalModelStore.OpenLayout(_root)).Layout.Mirror!.IsStale(["localhost/one"]));
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task A_command_asking_again_within_a_second_lists_again_only_when_another_kit_changed_the_store()
    {
        var a = _kitops.WriteKit("a", "layer-a");
        await _store.AddManifestAsync("localhost/test", Of(a), ["v1"]);
        var mirror = _store.Layout.Mirror!;
        Assert.False(mirror.IsStale());

        // Another kit command changes the store (index.json and the record replaced): the next answer lists again.
        var other = new LocalModelStore(LocalModelStore.OpenLayout(_root, info: _info.Add, warn: _warnings.Add));
        await other.AddManifestAsync("localhost/test", Of(a), ["v2"]);
        _kitops.WriteRepositoryTags("localhost/test", ("v1", a));
        Assert.True(mirror.IsStale());
    }

    [Fact]
    public async Task A_record_an_earlier_kit_wrote_is_read_and_rewritten_with_its_summary()
    {
        var a = _kitops.WriteKit("a", "layer-a");
        await _store.AddManifestAsync("localhost/test", Of(a), ["v1"]);
        var path = Path.Combine(_root, MirrorRecord.FileName);
        var lines = File.ReadAllLines(path);
        Assert.Equal("kit-mirror 2 2 ", lines[0][..15]);
        // The first format: no count or fingerprint in the header.
        File.WriteAllLines(path, ["kit-mirror 1", .. lines[1..]]);
        Assert.Equal(2, MirrorRecord.Load(path)!.Count);
        Assert.Null(MirrorRecord.ReadSummary(path));
        Assert.True(_store.Layout.Mirror!.IsStale());

        await _store.CatchUpWithKitOpsAsync();
        Assert.Equal(lines, File.ReadAllLines(path));
        Assert.False(_store.Layout.Mirror.IsStale());
        Assert.Equal([("localhost/test", a.Digest, "v1")], await ListAsync());
        Assert.Empty(_warnings);
    }

    [Fact]
    public void The_fingerprint_does_not_depend_on_listing_order_and_changes_with_any_name_size_or_time()
    {
        var a = MirrorRecord.EntryHash("a-tags.json", new FileStamp(10, 100));
        var b = MirrorRecord.EntryHash("b-tags.json", new FileStamp(10, 100));
        Assert.Equal(a + b, b + a);
        Assert.NotEqual(a + b, a + MirrorRecord.EntryHash("c-tags.json", new FileStamp(10, 100)));
        Assert.NotEqual(a, MirrorRecord.EntryHash("a-tags.json", new FileStamp(11, 100)));
        Assert.NotEqual(a, MirrorRecord.EntryHash("a-tags.json", new FileStamp(10, 101)));
    }

    [Fact]
    public async Task A_change_interrupted_after_kitops_files_were_written_rolls_forward()
    {
        var a = _kitops.WriteKit("a", "layer-a");
        await _store.AddManifestAsync("localhost/test", Of(a), ["v1", "v2"]);
        var index = File.ReadAllBytes(Path.Combine(_root, "index.json"));
        var record = File.ReadAllBytes(Path.Combine(_root, MirrorRecord.FileName));

        await _store.RemoveReferenceAsync("localhost/test", "v2", force: false);
        // As if the process died after writing KitOps's files, before index.json and the record.
        File.WriteAllBytes(Path.Combine(_root, "index.json"), index);
        File.WriteAllBytes(Path.Combine(_root, MirrorRecord.FileName), record);

        await _store.CatchUpWithKitOpsAsync();

        Assert.Equal([("localhost/test", a.Digest, "v1")], await ListAsync());
    }

    [Fact]
    public async Task A_corrupt_index_json_moved_away_is_rebuilt_from_the_kitops_files()
    {
        var a = _kitops.WriteKit("a", "layer-a");
        var b = _kitops.WriteKit("b", "layer-b");
        await _store.AddManifestAsync("localhost/test", Of(a), ["v1"]);
        await _store.AddManifestAsync("localhost/loose", Of(b), []);
        var index = Path.Combine(_root, "index.json");
        File.WriteAllText(index, "{\"schemaVersion\":2,\"manif");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => _store.ListAsync());
        Assert.Contains(index, error.Message, StringComparison.Ordinal);
        Assert.Contains("kit storage repair", error.Message, StringComparison.Ordinal);

        File.Move(index, index + ".corrupt");
        await _store.CatchUpWithKitOpsAsync();

        Assert.Equal([("localhost/loose", b.Digest, ""), ("localhost/test", a.Digest, "v1")], await ListAsync());
    }

    [Fact]
    public async Task An_unreadable_kitops_file_is_reported_and_kept_and_the_rest_works()
    {
        _kitops.WriteLayoutFile();
        var a = _kitops.WriteKit("a", "layer-a");
        _kitops.WriteRepositoryIndex("localhost/test", a);
        _kitops.WriteRepositoryTags("localhost/test", ("v1", a));
        File.WriteAllText(_kitops.RepositoryTagsPath("localhost/torn"), "{\"v1\":{\"dig");

        await _store.CatchUpWithKitOpsAsync();

        Assert.Equal([("localhost/test", a.Digest, "v1")], await ListAsync());
        Assert.Equal("{\"v1\":{\"dig", File.ReadAllText(_kitops.RepositoryTagsPath("localhost/torn")));
        Assert.Contains(_warnings, w => w.Contains("localhost/torn", StringComparison.Ordinal));
        // Reported once, not at every command.
        _warnings.Clear();
        await _store.AddManifestAsync("localhost/more", Of(a), ["x"]);
        await _store.CatchUpWithKitOpsAsync();
        Assert.Empty(_warnings);
        Assert.True(File.Exists(_kitops.RepositoryTagsPath("localhost/torn")));
    }

    [Fact]
    public async Task Concurrent_commands_read_a_kitops_store_once()
    {
        _kitops.WriteLayoutFile();
        var kits = Enumerable.Range(0, 20).Select(i => _kitops.WriteKit($"k{i}", $"layer-{i}")).ToList();
        for (var i = 0; i < kits.Count; i++)
        {
            _kitops.WriteRepositoryIndex($"localhost/r{i}", kits[i]);
            _kitops.WriteRepositoryTags($"localhost/r{i}", ("v1", kits[i]));
        }
        _kitops.WriteSharedIndex([.. kits]);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            new LocalModelStore(LocalModelStore.OpenLayout(_root, info: _info.Add)).CatchUpWithKitOpsAsync())));

        Assert.Single(_info);
        Assert.Equal(20, (await _store.Layout.ReadIndexAsync()).Manifests.Count);
        Assert.Equal(20, (await ListAsync()).Count(r => r.Tags == "v1"));
    }

    [Fact]
    public async Task Garbage_collection_keeps_what_kitops_index_files_name()
    {
        // KitOps 1.17 keeps ModelKit indexes in storage/indexes/; kit never writes them but must not collect their blobs.
        var kit = _kitops.WriteKit("a", "layer-a");
        var modelKitIndex = _kitops.WriteBlob("application/vnd.oci.image.index.v1+json",
            Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{kit.Json}]}}"));
        var indexes = Path.Combine(_root, "indexes");
        Directory.CreateDirectory(indexes);
        var indexTags = Path.Combine(indexes, KitOpsStorageWriter.Encode("localhost/idx") + "-tags.json");
        File.WriteAllText(indexTags, $"{{\"all\":{modelKitIndex.Json}}}");
        var orphan = _kitops.WriteBlob("application/octet-stream", "nobody's"u8.ToArray());
        await _store.AddManifestAsync("localhost/other", Of(_kitops.WriteKit("b", "layer-b")), ["v1"]);

        var result = await _store.CollectAllGarbageAsync();

        Assert.Equal([orphan.Digest], result.DeletedBlobs.Select(d => d.ToString()));
        Assert.True(File.Exists(Path.Combine(_root, "blobs", "sha256", modelKitIndex.Hex)));
        Assert.True(File.Exists(Path.Combine(_root, "blobs", "sha256", kit.Hex)));
        Assert.Equal($"{{\"all\":{modelKitIndex.Json}}}", File.ReadAllText(indexTags));
    }
}
