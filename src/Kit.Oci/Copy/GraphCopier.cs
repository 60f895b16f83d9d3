using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Kit.Oci.Content;
using Kit.Oci.Layout;

namespace Kit.Oci.Copy;

/// <summary>
/// One run of <see cref="GraphCopy"/>. Every node is claimed once (<see cref="_nodes"/>): a second parent of a node
/// awaits the first one's copy instead of skipping it, so a parent is written only after all its children are.
/// A slot of <see cref="CopyOptions.Concurrency"/> is held only while bytes move, never while waiting for children or
/// for another worker. The first failure cancels the rest and is what the caller sees.
/// </summary>
internal sealed class GraphCopier : IDisposable
{
    private const int BufferSize = 1 << 20;

    private readonly IReadOnlyStorage _source;
    private readonly IStorage _target;
    private readonly Descriptor _root;
    private readonly string? _rootReference;
    private readonly CopyOptions _options;
    private readonly ICopyObserver _observer;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _cancel;
    private readonly ConcurrentDictionary<Digest, Lazy<Task>> _nodes = new();
    private readonly CancellationToken _callerToken;
    private Exception? _firstFailure;

    public GraphCopier(IReadOnlyStorage source, IStorage target, Descriptor root, string? rootReference, CopyOptions options, CancellationToken cancellationToken)
    {
        _source = source;
        _target = target;
        _root = root;
        _rootReference = rootReference;
        _options = options;
        _observer = options.Observer;
        _slots = new SemaphoreSlim(options.Concurrency, options.Concurrency);
        _callerToken = cancellationToken;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    private CancellationToken Token => _cancel.Token;

    public async Task RunAsync()
    {
        try
        {
            await CopyNodeAsync(_root, KindOf(_root)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_firstFailure is not null && !_callerToken.IsCancellationRequested)
        {
            ExceptionDispatchInfo.Throw(_firstFailure);
        }
    }

    public void Dispose()
    {
        _cancel.Dispose();
        _slots.Dispose();
    }

    private Task CopyNodeAsync(Descriptor node, CopyNodeKind kind) =>
        _nodes.GetOrAdd(node.Digest, _ => new Lazy<Task>(() => GuardAsync(node, kind))).Value;

    private async Task GuardAsync(Descriptor node, CopyNodeKind kind)
    {
        // No yield before the work: siblings then queue for slots in the order their parent lists them.
        try
        {
            if (kind is CopyNodeKind.Index or CopyNodeKind.Manifest)
                await CopyManifestAsync(node, kind).ConfigureAwait(false);
            else
                await CopyBlobAsync(node, kind).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !Token.IsCancellationRequested)
        {
            if (Interlocked.CompareExchange(ref _firstFailure, e, null) is null)
                await _cancel.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static CopyNodeKind KindOf(Descriptor d) =>
        d.MediaType is MediaTypes.ImageIndex or MediaTypes.DockerManifestList ? CopyNodeKind.Index
        : d.MediaType is MediaTypes.ImageManifest or MediaTypes.DockerManifest ? CopyNodeKind.Manifest
        : CopyNodeKind.Layer;

    private async Task CopyManifestAsync(Descriptor node, CopyNodeKind kind)
    {
        var content = node == _root && _options.RootContent is { } given ? Verified(node, given) : await FetchManifestAsync(node).ConfigureAwait(false);
        await Task.WhenAll(Children(node, kind, content).Select(c => CopyNodeAsync(c.Node, c.Kind))).ConfigureAwait(false);

        _observer.NodeStarted(node, kind);
        await WithSlotAsync(async () =>
        {
            var reference = node == _root ? _rootReference : null;
            using var stream = new MemoryStream(content, writable: false);
            if (reference is not null && _target is IReferencePushable byReference)
            {
                await byReference.PushReferenceAsync(node, stream, reference, Token).ConfigureAwait(false);
                return;
            }
            await _target.PushAsync(node, stream, Token).ConfigureAwait(false);
            if (reference is not null)
                await ((ITaggable)_target).TagAsync(node, reference, Token).ConfigureAwait(false);
        }).ConfigureAwait(false);
        _observer.NodeCompleted(node, CopyOutcome.Copied);
    }

    private async Task<byte[]> FetchManifestAsync(Descriptor node)
    {
        byte[] content = [];
        await WithSlotAsync(async () => content = await _source.FetchAllAsync(node, _options.MaxManifestSize, Token).ConfigureAwait(false)).ConfigureAwait(false);
        return content;
    }

    private static byte[] Verified(Descriptor node, ReadOnlyMemory<byte> content)
    {
        if (content.Length != node.Size || Digest.Compute(content.Span) != node.Digest)
            throw new ContentIntegrityException(node.Digest, "the root content given to the copy is not what its descriptor names");
        return content.ToArray();
    }

    private IEnumerable<(Descriptor Node, CopyNodeKind Kind)> Children(Descriptor node, CopyNodeKind kind, byte[] content)
    {
        try
        {
            if (kind == CopyNodeKind.Index)
                return ImageIndex.Parse(content).Manifests.Select(m => (m, KindOf(m) == CopyNodeKind.Index ? CopyNodeKind.Index : CopyNodeKind.Manifest)).ToList();
            var manifest = Manifest.Parse(content);
            var layers = _options.LayerFilter is { } keep ? manifest.Layers.Where(keep) : manifest.Layers;
            return layers.Select(l => (l, CopyNodeKind.Layer)).Prepend((manifest.Config, CopyNodeKind.Config)).ToList();
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{node.Digest}: {e.Message}", e);
        }
    }

    private Task CopyBlobAsync(Descriptor blob, CopyNodeKind kind) => WithSlotAsync(async () =>
    {
        _observer.NodeStarted(blob, kind);
        var progress = new NodeProgress(_observer, blob);
        CopyOutcome outcome;
        try
        {
            outcome = await TransferBlobAsync(blob, progress).ConfigureAwait(false);
        }
        catch (Exception e) when (SourceIntegrityFailure(e, blob) is { } integrity && !ReferenceEquals(integrity, e))
        {
            // A corrupt source found while an HTTP client was reading it arrives wrapped; say what it is.
            ExceptionDispatchInfo.Throw(integrity);
            throw;
        }
        _observer.NodeCompleted(blob, outcome);
    });

    private static ContentIntegrityException? SourceIntegrityFailure(Exception e, Descriptor blob)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is ContentIntegrityException c && c.Digest == blob.Digest)
                return c;
        }
        return null;
    }

    private async Task<CopyOutcome> TransferBlobAsync(Descriptor blob, NodeProgress progress)
    {
        if (await _target.ExistsAsync(blob, Token).ConfigureAwait(false))
            return CopyOutcome.Skipped;
        Task<Stream> Open(CancellationToken ct) => OpenSourceAsync(blob, progress, ct);

        if (_target is IMountable mountable && _options.MountCandidates?.Invoke(blob) is { Count: > 0 } candidates)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                var last = i == candidates.Count - 1;
                if (await mountable.MountAsync(blob, candidates[i], last ? Open : null, Token).ConfigureAwait(false))
                    return CopyOutcome.Mounted;
            }
            return CopyOutcome.Copied;
        }
        if (_target is IResumableIngest ingest)
            return await IngestAsync(ingest, blob, progress).ConfigureAwait(false);
        if (_target is IRestartablePushable restartable)
        {
            await restartable.PushAsync(blob, Open, Token).ConfigureAwait(false);
            return CopyOutcome.Copied;
        }
        var content = await Open(Token).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
            await _target.PushAsync(blob, content, Token).ConfigureAwait(false);
        return CopyOutcome.Copied;
    }

    private async Task<Stream> OpenSourceAsync(Descriptor blob, NodeProgress progress, CancellationToken cancellationToken)
    {
        progress.Report(0);
        var stream = await _source.FetchAsync(blob, cancellationToken).ConfigureAwait(false);
        return ForwardingReadStream.Over(stream, progress: progress);
    }

    /// <summary>Into a store that keeps partial writes: continue after what an earlier run left, once more from byte 0 if that prefix was bad.</summary>
    private async Task<CopyOutcome> IngestAsync(IResumableIngest ingest, Descriptor blob, NodeProgress progress)
    {
        for (var fresh = false; ; fresh = true)
        {
            var writer = await ingest.BeginResumableWriteAsync(blob, Token).ConfigureAwait(false);
            if (writer is null)
                return CopyOutcome.Skipped; // another writer committed it while we waited for its partial file
            await using (writer.ConfigureAwait(false))
            {
                var resumed = writer.ExistingLength > 0;
                try
                {
                    progress.Report(writer.BytesWritten);
                    // A whole partial (its writer stopped before renaming it, or is renaming it now) only needs its check.
                    if (writer.BytesWritten < blob.Size && _source is IRangeFetchable ranged)
                        await ranged.FetchRangeAsync(blob, writer.BytesWritten, writer, progress, Token).ConfigureAwait(false);
                    else if (writer.BytesWritten < blob.Size)
                        await CopyAfterAsync(blob, writer, progress).ConfigureAwait(false);
                    await writer.CommitAsync(blob.MediaType, blob.Digest, blob.Size, Token).ConfigureAwait(false);
                    return resumed ? CopyOutcome.Resumed : CopyOutcome.Copied;
                }
                catch (ContentIntegrityException) when (resumed && !fresh)
                {
                    // The kept prefix may be what was wrong (torn by a crash); the writer deleted it.
                }
            }
        }
    }

    // A source without ranges sends the whole blob (verified as it streams); the bytes the writer has are dropped.
    private async Task CopyAfterAsync(Descriptor blob, BlobWriter writer, NodeProgress progress)
    {
        var source = await _source.FetchAsync(blob, Token).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using (source.ConfigureAwait(false))
            {
                var skip = writer.BytesWritten;
                int n;
                while ((n = await source.ReadAsync(buffer, Token).ConfigureAwait(false)) > 0)
                {
                    var drop = (int)Math.Min(skip, n);
                    skip -= drop;
                    if (drop == n)
                        continue;
                    await writer.WriteAsync(buffer.AsMemory(drop, n - drop), Token).ConfigureAwait(false);
                    progress.Report(writer.BytesWritten);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WithSlotAsync(Func<Task> work)
    {
        await _slots.WaitAsync(Token).ConfigureAwait(false);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Forwards byte counts synchronously (<see cref="Progress{T}"/> would post them out of order).</summary>
    private sealed class NodeProgress(ICopyObserver observer, Descriptor node) : IProgress<long>
    {
        public void Report(long value) => observer.NodeProgress(node, value);
    }
}
