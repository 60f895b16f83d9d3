using Kit.Oci.Content;
using Kit.Oci.Copy;
using Kit.Oci.Layout;
using Kit.Oci.Tests.Remote;

namespace Kit.Oci.Tests.Copy;

/// <summary>The copy engine between in-memory and layout stores; <see cref="GraphCopyRegistryTests"/> adds the registry.</summary>
public sealed class GraphCopyTests : IDisposable
{
    internal const string LayerType = "application/vnd.example.layer.v1.tar";
    internal const string ConfigType = "application/vnd.example.config.v1+json";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    internal sealed record Image(Descriptor Manifest, Descriptor Config, IReadOnlyList<Descriptor> Layers)
    {
        public IEnumerable<Descriptor> Blobs => Layers.Prepend(Config);
    }

    internal static async Task<Image> PushImageAsync(IPushable store, int seed, params int[] layerSizes)
    {
        var layers = new List<Descriptor>();
        for (var i = 0; i < layerSizes.Length; i++)
            layers.Add(await store.PushBytesAsync(LayerType, TestData.Random(layerSizes[i], seed * 100 + i)));
        return await PushManifestAsync(store, seed, layers);
    }

    internal static async Task<Image> PushManifestAsync(IPushable store, int seed, IReadOnlyList<Descriptor> layers)
    {
        var config = await store.PushBytesAsync(ConfigType, System.Text.Encoding.UTF8.GetBytes($"{{\"seed\":{seed}}}"));
        var manifest = await store.PushBytesAsync(MediaTypes.ImageManifest, new Manifest(config, layers).ToJsonBytes());
        return new Image(manifest, config, layers);
    }

    private (OciLayoutStore Layout, StoreLease Lease, OciLayoutRepository Repository) NewLayout(string name = "localhost/copy")
    {
        var layout = new OciLayoutStore(Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")));
        var lease = layout.BeginLease();
        return (layout, lease, new OciLayoutRepository(layout, name, lease));
    }

    [Fact]
    public async Task Memory_to_memory_copies_every_node_and_names_the_root()
    {
        var source = new MemoryStore();
        var image = await PushImageAsync(source, seed: 1, 10_000, 20_000);
        await source.TagAsync(image.Manifest, "v1");
        var target = new MemoryStore();
        var observer = new RecordingObserver();

        var root = await GraphCopy.CopyAsync(source, "v1", target, options: new CopyOptions { Observer = observer });

        Assert.Equal(image.Manifest, root);
        Assert.Equal(image.Manifest, await target.ResolveAsync("v1"));
        foreach (var blob in image.Blobs)
        {
            Assert.Equal(await source.FetchAllAsync(blob), await target.FetchAllAsync(blob));
            Assert.Equal(CopyOutcome.Copied, observer.Outcomes[blob.Digest]);
            Assert.Equal(blob.Size, observer.LastBytes[blob.Digest]);
        }
        Assert.Equal(CopyNodeKind.Config, observer.Kinds[image.Config.Digest]);
        Assert.Equal(CopyNodeKind.Layer, observer.Kinds[image.Layers[0].Digest]);
        Assert.Equal(CopyNodeKind.Manifest, observer.Kinds[image.Manifest.Digest]);
    }

    [Fact]
    public async Task What_the_target_has_is_skipped()
    {
        var source = new MemoryStore();
        var image = await PushImageAsync(source, seed: 2, 10_000, 20_000);
        var target = new MemoryStore();
        await target.PushBytesAsync(LayerType, await source.FetchAllAsync(image.Layers[1]));
        var observer = new RecordingObserver();

        await GraphCopy.CopyGraphAsync(source, target, image.Manifest, new CopyOptions { Observer = observer });

        Assert.Equal(CopyOutcome.Skipped, observer.Outcomes[image.Layers[1].Digest]);
        Assert.Equal(CopyOutcome.Copied, observer.Outcomes[image.Layers[0].Digest]);
        Assert.True(await target.ExistsAsync(image.Manifest));
        Assert.Empty(await target.ListTagsAsync());
    }

    [Fact]
    public async Task Memory_to_layout_stores_the_blobs_and_tags_the_root_in_the_repository()
    {
        var source = new MemoryStore();
        var image = await PushImageAsync(source, seed: 3, 30_000);
        await source.TagAsync(image.Manifest, "v1");
        var (layout, lease, repository) = NewLayout();
        using (lease)
            await GraphCopy.CopyAsync(source, "v1", repository, "stable");

        Assert.Equal(image.Manifest, await repository.ResolveAsync("stable"));
        Assert.Equal(["stable"], await repository.ListTagsAsync());
        foreach (var blob in image.Blobs.Append(image.Manifest))
            Assert.True(layout.Exists(blob.Digest));
    }

    [Fact]
    public async Task Only_the_layers_the_filter_selects_are_copied_and_nothing_is_named()
    {
        var source = new MemoryStore();
        var image = await PushImageAsync(source, seed: 4, 1000, 2000, 3000);
        var (layout, lease, repository) = NewLayout();
        using (lease)
        {
            await GraphCopy.CopyGraphAsync(source, repository, image.Manifest,
                new CopyOptions { LayerFilter = l => l.Digest == image.Layers[1].Digest });

            Assert.True(layout.Exists(image.Manifest.Digest));
            Assert.True(layout.Exists(image.Config.Digest));
            Assert.True(layout.Exists(image.Layers[1].Digest));
            Assert.False(layout.Exists(image.Layers[0].Digest));
            Assert.False(layout.Exists(image.Layers[2].Digest));
            Assert.Empty((await layout.ReadIndexAsync()).Manifests);
            Assert.Contains(image.Layers[1].Digest, lease.Digests);
        }
    }

    [Fact]
    public async Task A_partial_write_left_in_the_layout_is_resumed()
    {
        var source = new MemoryStore();
        var image = await PushImageAsync(source, seed: 5, 100_000);
        var layer = image.Layers[0];
        var (layout, lease, repository) = NewLayout();
        Directory.CreateDirectory(Path.GetDirectoryName(layout.GetPartialPath(layer.Digest))!);
        await File.WriteAllBytesAsync(layout.GetPartialPath(layer.Digest), (await source.FetchAllAsync(layer))[..40_000]);
        var observer = new RecordingObserver();

        using (lease)
            await GraphCopy.CopyGraphAsync(source, repository, image.Manifest, new CopyOptions { Observer = observer });

        Assert.Equal(CopyOutcome.Resumed, observer.Outcomes[layer.Digest]);
        Assert.Equal(await source.FetchAllAsync(layer), await File.ReadAllBytesAsync(layout.GetBlobPath(layer.Digest)));
        Assert.False(File.Exists(layout.GetPartialPath(layer.Digest)));
    }

    [Fact]
    public async Task A_complete_partial_write_is_committed_without_reading_the_source()
    {
        var memory = new MemoryStore();
        var image = await PushImageAsync(memory, seed: 11, 100_000);
        var layer = image.Layers[0];
        var (layout, lease, repository) = NewLayout();
        Directory.CreateDirectory(Path.GetDirectoryName(layout.GetPartialPath(layer.Digest))!);
        await File.WriteAllBytesAsync(layout.GetPartialPath(layer.Digest), await memory.FetchAllAsync(layer));
        var source = new ObservedStorage(memory);
        source.Hold(layer.Digest); // a fetch of the layer would wait forever

        using (lease)
            await GraphCopy.CopyGraphAsync(source, repository, image.Manifest);

        Assert.Equal(await memory.FetchAllAsync(layer), await File.ReadAllBytesAsync(layout.GetBlobPath(layer.Digest)));
        Assert.False(source.FetchWaiting.Task.IsCompleted);
    }

    [Fact]
    public async Task A_bad_partial_write_is_thrown_away_and_the_blob_copied_from_its_first_byte()
    {
        var source = new MemoryStore();
        var image = await PushImageAsync(source, seed: 6, 100_000);
        var layer = image.Layers[0];
        var (layout, lease, repository) = NewLayout();
        Directory.CreateDirectory(Path.GetDirectoryName(layout.GetPartialPath(layer.Digest))!);
        await File.WriteAllBytesAsync(layout.GetPartialPath(layer.Digest), new byte[40_000]);
        var observer = new RecordingObserver();

        using (lease)
            await GraphCopy.CopyGraphAsync(source, repository, image.Manifest, new CopyOptions { Observer = observer });

        Assert.Equal(CopyOutcome.Copied, observer.Outcomes[layer.Digest]);
        Assert.Equal(await source.FetchAllAsync(layer), await File.ReadAllBytesAsync(layout.GetBlobPath(layer.Digest)));
    }

    [Fact]
    public async Task A_corrupt_source_blob_fails_the_copy_and_the_target_gets_neither_it_nor_the_manifest()
    {
        var source = new MemoryStore();
        var image = await PushImageAsync(source, seed: 7, 50_000, 10);
        var bad = image.Layers[0];
        var bytes = await source.FetchAllAsync(bad);
        bytes[100] ^= 1;
        source.Corrupt(bad.Digest, bytes);
        var target = new MemoryStore();

        var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => GraphCopy.CopyGraphAsync(source, target, image.Manifest));

        Assert.Equal(bad.Digest, e.Digest);
        Assert.False(await target.ExistsAsync(bad));
        Assert.False(await target.ExistsAsync(image.Manifest));
    }

    [Fact]
    public async Task No_more_transfers_run_at_once_than_the_concurrency_allows()
    {
        var memory = new MemoryStore();
        var image = await PushImageAsync(memory, seed: 8, Enumerable.Repeat(200_000, 12).ToArray());
        var source = new ObservedStorage(memory);

        await GraphCopy.CopyGraphAsync(source, new MemoryStore(), image.Manifest, new CopyOptions { Concurrency = 2 });

        Assert.InRange(source.MaxConcurrentFetches, 1, 2);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task A_node_shared_by_two_parents_is_copied_once_and_both_parents_wait_for_it(int concurrency)
    {
        var memory = new MemoryStore();
        var shared = await memory.PushBytesAsync(LayerType, TestData.Random(50_000, 90));
        var small = await memory.PushBytesAsync(LayerType, TestData.Random(10, 93));
        var a = await PushManifestAsync(memory, 91, [shared]);
        var b = await PushManifestAsync(memory, 92, [shared, small]);
        var index = await memory.PushBytesAsync(MediaTypes.ImageIndex, new ImageIndex([a.Manifest, b.Manifest]).ToJsonBytes());
        var source = new ObservedStorage(memory);
        source.Hold(shared.Digest);
        var target = new ObservedStorage(new MemoryStore());
        var observer = new RecordingObserver();

        var copy = GraphCopy.CopyGraphAsync(source, target, index, new CopyOptions { Concurrency = concurrency, Observer = observer });
        await source.FetchWaiting.Task;
        if (concurrency > 1)
        {
            // With free slots everything else finishes while the shared layer is held; a parent that skipped a node
            // another worker holds would now be written too.
            var others = new[] { a.Config.Digest, b.Config.Digest, small.Digest };
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!others.All(target.Pushed.Contains))
                await Task.Delay(10, timeout.Token);
        }
        Assert.DoesNotContain(a.Manifest.Digest, target.Pushed);
        Assert.DoesNotContain(b.Manifest.Digest, target.Pushed);
        source.Release(shared.Digest);
        await copy;

        var order = target.Pushed.ToList();
        Assert.Single(order, d => d == shared.Digest);
        Assert.Equal(1, observer.Starts[shared.Digest]);
        Assert.True(order.IndexOf(shared.Digest) < order.IndexOf(a.Manifest.Digest));
        Assert.True(order.IndexOf(shared.Digest) < order.IndexOf(b.Manifest.Digest));
        Assert.Equal(index.Digest, order[^1]);
        Assert.Equal(CopyNodeKind.Index, observer.Kinds[index.Digest]);
    }

    [Fact]
    public async Task Cancellation_stops_the_copy()
    {
        var memory = new MemoryStore();
        var image = await PushImageAsync(memory, seed: 9, 1000);
        var source = new ObservedStorage(memory);
        source.Hold(image.Layers[0].Digest);
        using var cancel = new CancellationTokenSource();

        var copy = GraphCopy.CopyGraphAsync(source, new MemoryStore(), image.Manifest, cancellationToken: cancel.Token);
        await source.FetchWaiting.Task;
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copy);
    }

    [Fact]
    public async Task Concurrency_below_one_is_refused()
    {
        var source = new MemoryStore();
        var image = await PushImageAsync(source, seed: 10, 10);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            GraphCopy.CopyGraphAsync(source, new MemoryStore(), image.Manifest, new CopyOptions { Concurrency = 0 }));
    }
}
