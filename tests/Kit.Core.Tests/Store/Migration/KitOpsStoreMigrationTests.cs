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
        // The legacy layouts are gone; KitOps's current per-repository files now name what was migrated.
        Assert.Equal(
            new[]
            {
                KitOpsStorageWriter.Encode("localhost/_") + "-index.json",
                KitOpsStorageWriter.Encode("localhost/test") + "-index.json",
                KitOpsStorageWriter.Encode("localhost/test") + "-tags.json",
                KitOpsStorageWriter.Encode("localhost/test/nested") + "-index.json",
                KitOpsStorageWriter.Encode("localhost/test/nested") + "-tags.json",
                KitOpsStorageWriter.Encode(Team) + "-index.json",
                KitOpsStorageWriter.Encode(Team) + "-tags.json",
                "blobs", "index.json", "index.lock", "ingest", "kit-mirror.sum", "leases", "migrate.lock", "oci-layout",
            }.Order(StringComparer.Ordinal),
            TopLevel());

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
}
