using System.Text;
using Kit.Core.Store;
using Kit.Core.Store.Migration;
using Kit.Oci;

namespace Kit.Core.Tests.Store.Migration;

public class KitOpsStoreMigrationTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-migrate-" + Guid.NewGuid().ToString("N"));
    private readonly KitOpsStorageWriter _kitops;
    private readonly LocalModelStore _store;
    private readonly List<string> _info = [];
    private readonly List<string> _warnings = [];

    public KitOpsStoreMigrationTests()
    {
        _kitops = new KitOpsStorageWriter(_root);
        _store = LocalModelStore.Open(_root);
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, true); }
        catch (IOException) { }
    }

    private Task<MigrationReport?> MigrateAsync() =>
        new KitOpsStoreMigration(_store.Layout, _info.Add, _warnings.Add).MigrateIfNeededAsync();

    private async Task<List<(string Repository, string Digest, string Tags)>> ListAsync() =>
        (await _store.ListAsync()).Select(m => (m.Repository, m.Descriptor.Digest.ToString(), string.Join(",", m.Tags))).ToList();

    private string[] TopLevel() =>
        Directory.EnumerateFileSystemEntries(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

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
    public async Task Current_layout_tags_and_untagged_manifests_become_index_entries()
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

        var report = await MigrateAsync();

        Assert.NotNull(report);
        Assert.Equal(
            [
                ("", orphan.Digest, ""),
                ("localhost/_", c.Digest, ""),
                ("localhost/test", a.Digest, "latest,v1"),
                ("localhost/test", b.Digest, ""),
                ("registry.example.com/team/model", a.Digest, "v2"),
            ],
            await ListAsync());
        Assert.Equal("Migrating local storage to new format", _info[0]);
        Assert.Contains(_warnings, w => w.Contains(missing.Digest, StringComparison.Ordinal) && w.Contains("missing", StringComparison.Ordinal));
        Assert.Equal(2, report.Skipped);
        Assert.Equal(["blobs", "index.json", "index.lock", "ingest", "leases", "migrate.lock", "oci-layout"], TopLevel());
        // KitOps's bare entries are gone where a name now covers them; the one no repository names stays.
        var bare = (await _store.Layout.ReadIndexAsync()).Manifests.Where(e => e.Annotations is null).ToList();
        Assert.Equal(orphan.Digest, Assert.Single(bare).Digest.ToString());
        Assert.Equal(a.Digest, (await _store.ResolveAsync("localhost/test", "v1"))?.Digest.ToString());
        Assert.Null(await _store.ResolveAsync("localhost/_", c.Digest.Replace("sha256:", "", StringComparison.Ordinal)));

        var before = File.ReadAllBytes(Path.Combine(_root, "index.json"));
        Assert.Null(await MigrateAsync());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_root, "index.json")));
    }

    [Fact]
    public async Task Existing_names_win_over_kitops_tags_and_a_rerun_after_a_crash_adds_nothing()
    {
        _kitops.WriteLayoutFile();
        var a = _kitops.WriteKit("a", "layer-a");
        var ours = _kitops.WriteKit("ours", "layer-ours");
        await _store.AddManifestAsync("localhost/test", new Descriptor(MediaTypes.ImageManifest, Digest.Parse(ours.Digest), ours.Size), ["v1"]);
        _kitops.WriteRepositoryIndex("localhost/test", a);
        _kitops.WriteRepositoryTags("localhost/test", ("v1", a), ("v2", a));

        await MigrateAsync();
        var migrated = File.ReadAllBytes(Path.Combine(_root, "index.json"));
        Assert.Equal([("localhost/test", ours.Digest, "v1"), ("localhost/test", a.Digest, "v2")],
            (await ListAsync()).OrderBy(r => r.Tags, StringComparer.Ordinal).ToList());

        // As if the process died between saving index.json and deleting KitOps's files.
        _kitops.WriteRepositoryIndex("localhost/test", a);
        _kitops.WriteRepositoryTags("localhost/test", ("v1", a), ("v2", a));
        await MigrateAsync();
        Assert.Equal(migrated, File.ReadAllBytes(Path.Combine(_root, "index.json")));
        Assert.False(File.Exists(_kitops.RepositoryTagsPath("localhost/test")));
    }

    [Fact]
    public async Task Legacy_layouts_move_their_blobs_once_into_the_shared_store()
    {
        const string Team = "registry.example.com/org/team/model";
        var test = _kitops.LegacyLayout("localhost/test");
        var team = _kitops.LegacyLayout(Team);
        var untagged = _kitops.LegacyLayout("localhost/_");
        var a = _kitops.WriteKit("a", "shared layer", test);
        var b = _kitops.WriteKit("b", "shared layer", team);
        _kitops.WriteKit("a", "shared layer", team); // the same kit duplicated into a second repository
        var c = _kitops.WriteKit("c", "layer-c", untagged);
        // Repositories nest: localhost/test/nested lives inside localhost/test's layout directory.
        _kitops.WriteKit("a", "shared layer", _kitops.LegacyLayout("localhost/test/nested"));
        _kitops.WriteLegacyIndex("localhost/test/nested", ("n1", a));
        _kitops.WriteLegacyIndex("localhost/test", ("v1", a), ("latest", a));
        _kitops.WriteLegacyIndex(Team, ("v3", b), (null, a));
        _kitops.WriteLegacyIndex("localhost/_", (null, c));

        var report = await MigrateAsync();

        Assert.NotNull(report);
        Assert.Equal(
            [
                ("localhost/_", c.Digest, ""),
                ("localhost/test", a.Digest, "latest,v1"),
                ("localhost/test/nested", a.Digest, "n1"),
                (Team, b.Digest, "v3"),
                (Team, a.Digest, ""),
            ],
            await ListAsync());
        // Manifest and config of a, b and c, layer-c and the shared layer; a's three are also in the team layout.
        var blobs = Directory.GetFiles(Path.Combine(_root, "blobs", "sha256"));
        Assert.Equal(8, blobs.Length);
        Assert.Equal(8, report.BlobsMoved);
        Assert.Equal(6, report.BlobsDeduplicated);
        foreach (var blob in blobs)
            Assert.Equal(Path.GetFileName(blob), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(blob))));
        Assert.Equal(["blobs", "index.json", "index.lock", "ingest", "leases", "migrate.lock", "oci-layout"], TopLevel());

        var before = File.ReadAllBytes(Path.Combine(_root, "index.json"));
        Assert.Null(await MigrateAsync());
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_root, "index.json")));
    }

    [Fact]
    public async Task Our_own_store_is_not_touched()
    {
        var kit = await _store.Layout.PutBytesAsync(MediaTypes.ImageManifest, Encoding.UTF8.GetBytes("{}"));
        await _store.AddManifestAsync("localhost/test", kit, ["v1"]);
        var index = Path.Combine(_root, "index.json");
        var stamp = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(index, stamp);

        Assert.Null(await MigrateAsync());

        Assert.Equal(stamp, File.GetLastWriteTimeUtc(index));
        Assert.False(File.Exists(Path.Combine(_root, MigrationLock.FileName)));
        Assert.Empty(_info);
        Assert.Null(await new KitOpsStoreMigration(LocalModelStore.Open(Path.Combine(_root, "absent")).Layout, _info.Add, _warnings.Add).MigrateIfNeededAsync());
    }

    [Fact]
    public async Task Unreadable_kitops_files_are_kept_aside_and_the_rest_migrates()
    {
        _kitops.WriteLayoutFile();
        var a = _kitops.WriteKit("a", "layer-a");
        _kitops.WriteRepositoryIndex("localhost/test", a);
        _kitops.WriteRepositoryTags("localhost/test", ("v1", a));
        File.WriteAllText(_kitops.RepositoryTagsPath("localhost/torn"), "{\"v1\":{\"dig");

        await MigrateAsync();

        Assert.Equal([("localhost/test", a.Digest, "v1")], await ListAsync());
        Assert.True(File.Exists(_kitops.RepositoryTagsPath("localhost/torn") + ".unmigrated"));
        Assert.Contains(_warnings, w => w.Contains("torn", StringComparison.Ordinal) || w.Contains(KitOpsStorageWriter.Encode("localhost/torn"), StringComparison.Ordinal));
        Assert.Null(await MigrateAsync());
    }

    [Fact]
    public async Task Concurrent_migrations_add_every_name_once()
    {
        _kitops.WriteLayoutFile();
        var kits = Enumerable.Range(0, 20).Select(i => _kitops.WriteKit($"k{i}", $"layer-{i}")).ToList();
        for (var i = 0; i < kits.Count; i++)
        {
            _kitops.WriteRepositoryIndex($"localhost/r{i}", kits[i]);
            _kitops.WriteRepositoryTags($"localhost/r{i}", ("v1", kits[i]));
        }
        _kitops.WriteSharedIndex([.. kits]);

        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            new KitOpsStoreMigration(LocalModelStore.Open(_root).Layout, _ => { }, _ => { }).MigrateIfNeededAsync())));

        Assert.Single(reports, r => r is not null);
        var index = await _store.Layout.ReadIndexAsync();
        Assert.Equal(20, index.Manifests.Count);
        Assert.Equal(20, (await ListAsync()).Count(r => r.Tags == "v1"));
    }
}
