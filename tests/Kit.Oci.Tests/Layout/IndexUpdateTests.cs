using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

public class IndexUpdateTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Descriptor Entry(int i) =>
        new(MediaTypes.ImageManifest, Digest.Compute(BitConverter.GetBytes(i)), i);

    private static ImageIndex Add(ImageIndex index, Descriptor d) => index with { Manifests = [.. index.Manifests, d] };

    [Fact]
    public async Task Missing_index_is_empty_and_missing_layout_is_created_on_first_write()
    {
        var store = new OciLayoutStore(Path.Combine(_dir.Path, "storage"));
        Assert.Empty((await store.ReadIndexAsync()).Manifests);
        Assert.False(Directory.Exists(store.Root));

        await store.UpdateIndexAsync(i => Add(i, Entry(1)));

        Assert.True(File.Exists(Path.Combine(store.Root, "oci-layout")));
        Assert.Equal(Entry(1).Digest, Assert.Single((await store.ReadIndexAsync()).Manifests).Digest);
        Assert.StartsWith("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"", File.ReadAllText(Path.Combine(store.Root, "index.json")));
    }

    [Fact]
    public async Task Update_replaces_index_whole_and_leaves_no_temp_files()
    {
        var store = new OciLayoutStore(_dir.Path);
        await store.UpdateIndexAsync(x => Add(x, Entry(0)));
        var indexPath = Path.Combine(_dir.Path, "index.json");
        var original = File.ReadAllBytes(indexPath);
        // A reader holding the old file keeps seeing the old bytes only if the update renamed a new file in.
        using var reader = new FileStream(indexPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        for (var i = 1; i < 5; i++)
            await store.UpdateIndexAsync(x => Add(x, Entry(i)));
        var seen = new byte[original.Length + 1000];
        var n = reader.Read(seen);
        Assert.Equal(original, seen[..n]);
        Assert.Equal(5, (await store.ReadIndexAsync()).Manifests.Count);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "ingest")));
        Assert.Equal(
            new[] { "index.json", "index.lock", "oci-layout" },
            Directory.GetFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task A_store_rereads_what_another_writer_put_in_index_json_and_reuses_what_it_read_itself()
    {
        var ours = new OciLayoutStore(_dir.Path);
        var theirs = new OciLayoutStore(_dir.Path);
        await ours.UpdateIndexAsync(x => Add(x, Entry(1)));
        var read = await ours.ReadIndexAsync();
        Assert.Same(read, await ours.ReadIndexAsync());

        // Another process rewrites the file to the same size, most likely within the same clock tick: only the bytes tell.
        await theirs.UpdateIndexAsync(x => x with { Manifests = [Entry(2) with { Size = 1 }] });
        Assert.Equal(Entry(2).Digest, Assert.Single((await ours.ReadIndexAsync()).Manifests).Digest);
        File.WriteAllText(Path.Combine(_dir.Path, "index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        Assert.Empty((await ours.ReadIndexAsync()).Manifests);
    }

    [Fact]
    public async Task Failing_change_leaves_index_untouched()
    {
        var store = new OciLayoutStore(_dir.Path);
        await store.UpdateIndexAsync(x => Add(x, Entry(1)));
        var before = File.ReadAllBytes(Path.Combine(_dir.Path, "index.json"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpdateIndexAsync(_ => throw new InvalidOperationException()));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_dir.Path, "index.json")));
    }

    [Fact]
    public async Task Corrupt_index_is_reported_with_its_path()
    {
        var store = new OciLayoutStore(_dir.Path);
        File.WriteAllText(Path.Combine(_dir.Path, "index.json"), "{\"manifests\":[");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadIndexAsync());
        Assert.Contains("index.json is corrupt", e.Message);
    }

    [Fact]
    public async Task Concurrent_updates_from_many_tasks_and_store_instances_lose_nothing()
    {
        // Separate instances open separate lock file descriptions, as separate processes would.
        var stores = Enumerable.Range(0, 3).Select(_ => new OciLayoutStore(_dir.Path)).ToArray();
        var tasks = Enumerable.Range(0, 60).Select(i => Task.Run(() => stores[i % 3].UpdateIndexAsync(x => Add(x, Entry(i))))).ToArray();
        await Task.WhenAll(tasks);
        var index = await stores[0].ReadIndexAsync();
        Assert.Equal(60, index.Manifests.Select(m => m.Digest).Distinct().Count());
    }

    [Fact]
    public async Task Update_waits_for_a_lock_held_elsewhere_then_times_out_clearly()
    {
        var store = new OciLayoutStore(_dir.Path) { LockTimeout = TimeSpan.FromMilliseconds(300) };
        await store.UpdateIndexAsync(x => x with { });
        // Another holder of the lock file, like a second kit process.
        using (var held = new FileStream(Path.Combine(_dir.Path, "index.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var e = await Assert.ThrowsAsync<StoreLockTimeoutException>(() => store.UpdateIndexAsync(x => Add(x, Entry(1))));
            Assert.Contains("index.lock", e.Message);
            Assert.Empty((await store.ReadIndexAsync()).Manifests);
        }
        await store.UpdateIndexAsync(x => Add(x, Entry(1)));
        Assert.Single((await store.ReadIndexAsync()).Manifests);
    }

    [Fact]
    public async Task Lock_released_while_waiting_lets_the_update_through()
    {
        var store = new OciLayoutStore(_dir.Path) { LockTimeout = TimeSpan.FromSeconds(10) };
        await store.UpdateIndexAsync(x => x with { });
        var held = new FileStream(Path.Combine(_dir.Path, "index.lock"), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var update = store.UpdateIndexAsync(x => Add(x, Entry(7)));
        await Task.Delay(200);
        Assert.False(update.IsCompleted);
        await held.DisposeAsync();
        await update;
        Assert.Single((await store.ReadIndexAsync()).Manifests);
    }

    [Fact]
    public void Dotnet_filestream_share_modes_exclude_each_other_within_one_process()
    {
        var path = Path.Combine(_dir.Path, "probe.lock");
        using (var exclusive = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
            Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        }
        using var shared1 = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var shared2 = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
    }
}
