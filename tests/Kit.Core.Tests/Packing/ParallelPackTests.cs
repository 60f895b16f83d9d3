using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

/// <summary>Layers are written at the same time, and the log still reads in layer order.</summary>
public sealed class ParallelPackTests : IDisposable
{
    private const string Kitfile = "manifestVersion: 1.0.0\nmodel:\n  name: m\n  path: model.bin\ncode:\n  - path: src\ndocs:\n  - path: README.md\n";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly TempTree _context = new();
    private readonly TempTree _storage = new();

    public void Dispose()
    {
        _context.Dispose();
        _storage.Dispose();
    }

    private async Task<(Manifest Manifest, List<string> Lines)> PackAsync(int concurrency, Func<IPackDestination, IPackDestination> wrap, string tag)
    {
        _context.File("model.bin", new string('m', 300_000)).File("src/main.py", "print(1)\n").File("README.md", "# kit\n");
        var store = LocalModelStore.Open(Path.Combine(_storage.Root, tag.Replace(':', '-')));
        var log = new Lines();
        var packer = new ModelKitPacker(store, log) { LayerConcurrency = concurrency };
        var descriptor = await packer.PackAsync(new PackRequest
        {
            ContextDirectory = _context.Root,
            Kitfile = new KitfileSource(Kitfile, null),
            Reference = ModelReference.Parse(tag),
            CliVersion = "test",
            Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            Environment = _ => null,
        }, () => wrap(new StorePackDestination(store, log)));
        return (Manifest.Parse(await store.Layout.ReadAllBytesVerifiedAsync(descriptor.Digest)), log.Info);
    }

    [Fact]
    public async Task A_later_layer_can_finish_first_and_its_lines_still_follow_the_earlier_ones()
    {
        var codeStored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The model layer is held until the code layer, after it, is stored: packed one after another, this never ends.
        var (manifest, lines) = await PackAsync(2, inner => new Gated(inner,
            beforeCommit: type => type == "model" ? codeStored.Task.WaitAsync(Patience) : Task.CompletedTask,
            afterCommit: type => { if (type == "code") codeStored.TrySetResult(); }), "parallel:1");

        var (sequential, sequentialLines) = await PackAsync(1, inner => inner, "sequential:1");
        Assert.Equal(sequential.Layers.Select(l => l.Digest), manifest.Layers.Select(l => l.Digest));
        Assert.Equal(["Saved model layer", "Saved code layer", "Saved docs layer"],
            lines.Where(l => l.StartsWith("Saved ", StringComparison.Ordinal) && l.Contains(" layer", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(':')]));
        Assert.Equal(sequentialLines.Select(l => l[..l.IndexOf(':')]), lines.Select(l => l[..l.IndexOf(':')]));
    }

    [Fact]
    public async Task No_more_layers_than_allowed_are_written_at_once()
    {
        var open = 0;
        var most = 0;
        await PackAsync(2, inner => new Gated(inner,
            beforeCommit: async _ =>
            {
                var now = Interlocked.Increment(ref open);
                InterlockedMax(ref most, now);
                // Long enough for a third layer to start if nothing stopped it.
                await Task.Delay(100);
                Interlocked.Decrement(ref open);
            },
            afterCommit: _ => { }), "bounded:1");
        Assert.Equal(2, most);
    }

    [Fact]
    public void Held_lines_go_out_in_layer_order_when_the_earlier_layers_finish()
    {
        var log = new Lines();
        var logs = new OrderedLayerLogs(log, 3);
        logs.For(2).Info("two");
        logs.For(1).Info("one");
        logs.For(0).Info("zero");
        Assert.Equal(["zero"], log.Info);
        logs.Finish(1);
        logs.Finish(2);
        Assert.Equal(["zero"], log.Info);
        logs.Finish(0);
        Assert.Equal(["zero", "one", "two"], log.Info);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class Lines : IPackObserver
    {
        public List<string> Info { get; } = [];
        public void Warn(string message) { lock (Info) Info.Add(message); }
        void IPackObserver.Info(string message) { lock (Info) Info.Add(message); }
        public IProgress<long>? LayerStarted(string description, long totalBytes) => null;
        public void LayerSaved(string description, Descriptor layer) { }
    }

    /// <summary>The store, with a hook around each layer's commit.</summary>
    private sealed class Gated(IPackDestination inner, Func<string, Task> beforeCommit, Action<string> afterCommit) : IPackDestination
    {
        private Func<string, Task> BeforeCommit => beforeCommit;
        private Action<string> AfterCommit => afterCommit;

        public Task<LayerRecord?> TryReuseAsync(LayerStamp stamp, CancellationToken cancellationToken) => inner.TryReuseAsync(stamp, cancellationToken);
        public void Remember(LayerStamp stamp, LayerRecord record) => inner.Remember(stamp, record);
        public Task AddReusedLayerAsync(string type, Descriptor layer, IPackObserver log, CancellationToken cancellationToken) =>
            inner.AddReusedLayerAsync(type, layer, log, cancellationToken);
        public Task<Descriptor?> AdoptFileAsync(string type, string mediaType, string path, IPackObserver log, CancellationToken cancellationToken) =>
            inner.AdoptFileAsync(type, mediaType, path, log, cancellationToken);
        public async Task<ILayerOutput> BeginLayerAsync(IPackObserver log, CancellationToken cancellationToken) =>
            new Output(await inner.BeginLayerAsync(log, cancellationToken), this);
        public Task<Descriptor> PutConfigAsync(string mediaType, byte[] json, CancellationToken cancellationToken) => inner.PutConfigAsync(mediaType, json, cancellationToken);
        public Task<Descriptor> PutManifestAsync(byte[] json, ModelReference reference, CancellationToken cancellationToken) =>
            inner.PutManifestAsync(json, reference, cancellationToken);
        public Task AbandonAsync() => inner.AbandonAsync();
        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private sealed class Output(ILayerOutput inner, Gated owner) : ILayerOutput
        {
            public Stream Stream => inner.Stream;

            public async Task<Descriptor> CommitAsync(string type, string mediaType, CancellationToken cancellationToken)
            {
                await owner.BeforeCommit(type);
                var stored = await inner.CommitAsync(type, mediaType, cancellationToken);
                owner.AfterCommit(type);
                return stored;
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
