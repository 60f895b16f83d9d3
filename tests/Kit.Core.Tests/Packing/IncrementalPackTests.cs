using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

/// <summary>Re-packs read only the layers whose files changed since a pack recorded them.</summary>
public sealed class IncrementalPackTests : IDisposable
{
    private const string Kitfile = "manifestVersion: 1.0.0\nmodel:\n  path: model\ncode:\n  - path: src\n";

    private readonly TempTree _context = new();
    private readonly TempTree _storage = new();

    public IncrementalPackTests()
    {
        _context.File("model/weights.bin", new string('w', 300_000)).File("src/main.py", "print('hi')\n");
        // Older than the window in which a change could hide in equal timestamps, as files usually are when re-packed.
        Thread.Sleep(120);
    }

    public void Dispose()
    {
        _context.Dispose();
        _storage.Dispose();
    }

    [Fact]
    public async Task An_unchanged_layer_is_not_read_again_and_gives_the_same_digests()
    {
        var first = await PackAsync();
        Assert.Equal(["model", "src"], first.Read);

        _context.File("src/main.py", "print('changed')\n");
        var second = await PackAsync();

        Assert.Equal(["src"], second.Read);
        Assert.Equal((first.Manifest.Layers[0].Digest, first.Manifest.Layers[0].Size), (second.Manifest.Layers[0].Digest, second.Manifest.Layers[0].Size));
        Assert.NotEqual(first.Manifest.Layers[1].Digest, second.Manifest.Layers[1].Digest);
        Assert.Equal(first.Config.Model!.Digest, second.Config.Model!.Digest);
    }

    [Fact]
    public async Task A_file_rewritten_with_its_old_size_and_modification_time_is_read_again()
    {
        var first = await PackAsync();
        var weights = _context.PathOf("model/weights.bin");
        var modified = File.GetLastWriteTimeUtc(weights);
        await File.WriteAllTextAsync(weights, new string('x', 300_000));
        File.SetLastWriteTimeUtc(weights, modified);

        var second = await PackAsync();

        Assert.Contains("model", second.Read);
        Assert.NotEqual(first.Manifest.Layers[0].Digest, second.Manifest.Layers[0].Digest);
    }

    [Fact]
    public async Task A_recorded_layer_whose_blob_was_collected_is_read_again()
    {
        var first = await PackAsync();
        File.Delete(first.Store.Layout.GetBlobPath(first.Manifest.Layers[0].Digest));

        var second = await PackAsync();

        Assert.Equal(["model"], second.Read);
        Assert.True(first.Store.Layout.Exists(second.Manifest.Layers[0].Digest));
    }

    [Fact]
    public async Task Reread_reads_every_layer()
    {
        await PackAsync();
        var again = await PackAsync(reread: true);
        Assert.Equal(["model", "src"], again.Read);
    }

    [Fact]
    public async Task A_record_of_a_read_that_began_within_the_timestamp_window_of_a_change_is_not_trusted()
    {
        var store = LocalModelStore.Open(_storage.Root);
        var plan = LayerWalker.Plan(_context.Root, "model", new LayerIgnoreRules(KitIgnore.Load(_context.Root), ["model", "src"]), _ => { });
        var stamp = LayerRecords.Stamp(plan, "application/vnd.kitops.modelkit.model.v1.tar", LayerCompression.None)!;
        var blob = await store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.model.v1.tar", new byte[] { 1, 2, 3 });
        var records = new LayerRecords(store.Layout);
        await using var lease = store.Layout.BeginLease();

        // Read began just after the newest change: a later change could carry the same timestamps.
        records.Remember(stamp, new LayerRecord(blob, blob.Digest, stamp.NewestChangeNs + stamp.WindowNs / 2));
        Assert.Null(await records.TryReuseAsync(stamp, lease, CancellationToken.None));

        records.Remember(stamp, new LayerRecord(blob, blob.Digest, stamp.NewestChangeNs + stamp.WindowNs + 1));
        Assert.Equal(blob, (await records.TryReuseAsync(stamp, lease, CancellationToken.None))?.Layer);
    }

    private async Task<Packed> PackAsync(bool reread = false)
    {
        var observer = new ReadingObserver();
        var (manifest, config, store) = await TestPack.PackAsync(_context.Root, _storage.Root, Kitfile, "incremental/kit:1",
            observer: observer, reread: reread);
        return new Packed(manifest, config, store, observer.Read);
    }

    private sealed record Packed(Manifest Manifest, Kitfiles.Kitfile Config, LocalModelStore Store, List<string> Read);

    /// <summary>Records which layers were read: a layer's progress starts only when its files are read.</summary>
    private sealed class ReadingObserver : IPackObserver
    {
        private readonly List<string> _read = [];

        /// <summary>The layers read, by path, sorted: layers are read at the same time, in no fixed order.</summary>
        public List<string> Read
        {
            get { lock (_read) return [.. _read.Order(StringComparer.Ordinal)]; }
        }

        public void Warn(string message) { }
        public void Info(string message) { }

        public IProgress<long>? LayerStarted(string description, long totalBytes)
        {
            lock (_read) _read.Add(description[(description.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            return null;
        }

        public void LayerSaved(string description, Descriptor layer) { }
    }
}
