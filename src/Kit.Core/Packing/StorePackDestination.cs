using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Packing;

/// <summary>
/// The local store: blobs are stored under a lease so a concurrent <c>kit remove</c> cannot collect them before the
/// manifest is indexed; a failure collects whatever this pack stored.
/// </summary>
internal sealed class StorePackDestination(LocalModelStore store, IPackObserver observer) : IPackDestination
{
    private readonly StoreLease _lease = store.Layout.BeginLease();
    private readonly LayerRecords _records = new(store.Layout);

    public LocalModelStore Store => store;

    public Task<LayerRecord?> TryReuseAsync(LayerStamp stamp, CancellationToken cancellationToken) =>
        _records.TryReuseAsync(stamp, _lease, cancellationToken);

    public void Remember(LayerStamp stamp, LayerRecord record) => _records.Remember(stamp, record);

    public Task AddReusedLayerAsync(string type, Descriptor layer, IPackObserver log, CancellationToken cancellationToken)
    {
        log.Info($"Already saved {type} layer: {layer.Digest}");
        return Task.CompletedTask;
    }

    public async Task<Descriptor?> AdoptFileAsync(string type, string mediaType, string path, IPackObserver log, CancellationToken cancellationToken)
    {
        var (blob, alreadyStored) = await store.Layout.AdoptFileAsync(path, mediaType, _lease, cancellationToken).ConfigureAwait(false);
        log.Info(alreadyStored ? $"Already saved {type} layer: {blob.Digest}" : $"Saved {type} layer: {blob.Digest}");
        return blob;
    }

    public Task<ILayerOutput> BeginLayerAsync(IPackObserver log, CancellationToken cancellationToken) =>
        Task.FromResult<ILayerOutput>(new Output(store.Layout.BeginBlobWrite(_lease), log));

    public async Task<Descriptor> PutConfigAsync(string mediaType, byte[] json, CancellationToken cancellationToken)
    {
        var stored = store.Layout.Exists(Digest.Compute(json));
        var config = await store.Layout.PutBytesAsync(mediaType, json, _lease, cancellationToken).ConfigureAwait(false);
        observer.Info(stored ? $"Configuration already exists in storage: {config.Digest}" : $"Saved configuration: {config.Digest}");
        return config;
    }

    public async Task<Descriptor> PutManifestAsync(byte[] json, ModelReference reference, CancellationToken cancellationToken)
    {
        var stored = store.Layout.Exists(Digest.Compute(json));
        var manifest = await store.Layout.PutBytesAsync(MediaTypes.ImageManifest, json, _lease, cancellationToken).ConfigureAwait(false);
        observer.Info(stored ? $"Manifest already exists in storage: {manifest.Digest}" : $"Saved manifest to storage: {manifest.Digest}");
        var tags = reference == ModelReference.Unnamed ? [] : reference.AllTags.ToList();
        await store.AddManifestAsync(reference.FullRepository, manifest, tags, cancellationToken).ConfigureAwait(false);
        return manifest;
    }

    public async Task AbandonAsync()
    {
        await _lease.DisposeAsync().ConfigureAwait(false);
        try
        {
            await store.CollectGarbageAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Leftovers are collected by the next remove; the original error is what the user needs.
        }
    }

    public ValueTask DisposeAsync() => _lease.DisposeAsync();

    private sealed class Output(BlobWriter writer, IPackObserver log) : ILayerOutput
    {
        public Stream Stream => writer;

        public async Task<Descriptor> CommitAsync(string type, string mediaType, CancellationToken cancellationToken)
        {
            var descriptor = await writer.CommitAsync(mediaType, cancellationToken: cancellationToken).ConfigureAwait(false) with { Annotations = null };
            log.Info(writer.AlreadyStored ? $"Already saved {type} layer: {descriptor.Digest}" : $"Saved {type} layer: {descriptor.Digest}");
            return descriptor;
        }

        public ValueTask DisposeAsync() => writer.DisposeAsync();
    }
}
