using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;
using Kit.Oci.Remote;

namespace Kit.Core.Packing;

/// <summary>
/// <c>kit pack --push</c>: each layer goes into a registry upload session while it is being written, hashed on the way,
/// its digest named at the closing PUT; then the config and the manifest, under every tag. With
/// <paramref name="local"/> (<c>--keep-local</c>) every blob is also written to the local store in the same pass and
/// the kit indexed there. A registry that takes no chunks gets each layer in one PUT from a copy on disk: the local
/// store's, or a temporary file in the store's ingest area, deleted once pushed.
/// </summary>
internal sealed class RegistryPackDestination(RemoteRepository repository, LocalModelStore store, StorePackDestination? local, IPackObserver observer)
    : IPackDestination
{
    private string StoredPath(Descriptor blob) => store.Layout.GetBlobPath(blob.Digest);

    private static void Pushed(string type, Descriptor layer, IPackObserver log) => log.Info($"Pushed {type} layer: {layer.Digest}");

    // Without a local copy there is no stored blob to reuse: every layer is read and streamed.
    public Task<LayerRecord?> TryReuseAsync(LayerStamp stamp, CancellationToken cancellationToken) =>
        local?.TryReuseAsync(stamp, cancellationToken) ?? Task.FromResult<LayerRecord?>(null);

    public void Remember(LayerStamp stamp, LayerRecord record) => local?.Remember(stamp, record);

    public async Task AddReusedLayerAsync(string type, Descriptor layer, IPackObserver log, CancellationToken cancellationToken)
    {
        await local!.AddReusedLayerAsync(type, layer, log, cancellationToken).ConfigureAwait(false);
        if (await repository.BlobExistsAsync(layer.Digest, cancellationToken).ConfigureAwait(false))
        {
            log.Info($"Registry already has {type} layer: {layer.Digest}");
            return;
        }
        await PushFileAsync(layer, StoredPath(layer), cancellationToken).ConfigureAwait(false);
        Pushed(type, layer, log);
    }

    /// <summary>Never: the bytes go to the registry (and, with a local copy, through the usual stream to both).</summary>
    public Task<Descriptor?> AdoptFileAsync(string type, string mediaType, string path, IPackObserver log, CancellationToken cancellationToken) =>
        Task.FromResult<Descriptor?>(null);

    public async Task<ILayerOutput> BeginLayerAsync(IPackObserver log, CancellationToken cancellationToken)
    {
        var copy = local is null ? null : await local.BeginLayerAsync(log, cancellationToken).ConfigureAwait(false);
        try
        {
            var upload = await repository.BeginStreamingUploadAsync(cancellationToken).ConfigureAwait(false);
            return new Output(this, log, copy, upload, upload is null && copy is null ? SpoolFile.Create(store.Layout) : null);
        }
        catch
        {
            if (copy is not null)
                await copy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<Descriptor> PutConfigAsync(string mediaType, byte[] json, CancellationToken cancellationToken)
    {
        if (local is not null)
            await local.PutConfigAsync(mediaType, json, cancellationToken).ConfigureAwait(false);
        var config = new Descriptor(mediaType, Digest.Compute(json), json.Length);
        await repository.PushBlobAsync(config, () => new MemoryStream(json, writable: false), cancellationToken: cancellationToken).ConfigureAwait(false);
        observer.Info($"Pushed configuration: {config.Digest}");
        return config;
    }

    public async Task<Descriptor> PutManifestAsync(byte[] json, ModelReference reference, CancellationToken cancellationToken)
    {
        if (local is not null)
            await local.PutManifestAsync(json, reference, cancellationToken).ConfigureAwait(false);
        Descriptor? manifest = null;
        var tags = reference.AllTags.ToList();
        foreach (var tag in tags.Count == 0 ? [Digest.Compute(json).ToString()] : tags)
            manifest = await repository.PushManifestAsync(tag, MediaTypes.ImageManifest, json, cancellationToken).ConfigureAwait(false);
        observer.Info($"Pushed manifest: {manifest!.Digest}");
        return manifest;
    }

    public Task AbandonAsync() => local?.AbandonAsync() ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => local?.DisposeAsync() ?? ValueTask.CompletedTask;

    private Task PushFileAsync(Descriptor blob, string path, CancellationToken cancellationToken) =>
        repository.PushBlobAsync(blob, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20, FileOptions.SequentialScan),
            cancellationToken: cancellationToken);

    /// <summary>
    /// One layer: into the upload session (and the store's writer, through a tee), or, when the registry takes no
    /// chunks, into the store's writer or a spool file only, pushed in one PUT once complete.
    /// </summary>
    private sealed class Output : ILayerOutput
    {
        private readonly RegistryPackDestination _owner;
        private readonly IPackObserver _log;
        private readonly ILayerOutput? _copy;
        private readonly BlobUploadStream? _upload;
        private readonly SpoolFile? _spool;

        public Output(RegistryPackDestination owner, IPackObserver log, ILayerOutput? copy, BlobUploadStream? upload, SpoolFile? spool)
        {
            _owner = owner;
            _log = log;
            _copy = copy;
            _upload = upload;
            _spool = spool;
            Stream = upload is null ? copy?.Stream ?? spool!.Stream : copy is null ? upload : new TeeWriteStream(copy.Stream, upload);
        }

        public Stream Stream { get; }

        public async Task<Descriptor> CommitAsync(string type, string mediaType, CancellationToken cancellationToken)
        {
            await Stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            var stored = _copy is null ? null : await _copy.CommitAsync(type, mediaType, cancellationToken).ConfigureAwait(false);
            Descriptor pushed;
            if (_upload is not null)
            {
                pushed = await _upload.CompleteAsync(mediaType, cancellationToken).ConfigureAwait(false);
                if (stored is not null && stored.Digest != pushed.Digest)
                    throw new KitException($"{type} layer: the local copy ({stored.Digest}) and the pushed blob ({pushed.Digest}) differ; pack again");
            }
            else if (stored is not null)
            {
                pushed = stored;
                await _owner.PushFileAsync(stored, _owner.StoredPath(stored), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                pushed = _spool!.Describe(mediaType);
                await _owner.PushFileAsync(pushed, _spool.Path, cancellationToken).ConfigureAwait(false);
            }
            Pushed(type, pushed, _log);
            return pushed;
        }

        public async ValueTask DisposeAsync()
        {
            if (_upload is not null)
                await _upload.DisposeAsync().ConfigureAwait(false);
            if (_copy is not null)
                await _copy.DisposeAsync().ConfigureAwait(false);
            _spool?.Dispose();
        }
    }
}
