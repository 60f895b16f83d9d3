using Kit.Core.Format;
using Kit.Core.Store;
using Kit.Oci;
using Kit.Oci.Copy;
using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Core.Transfer;

/// <summary>
/// <c>kit pull</c>: fetch the manifest, refuse what is not a ModelKit, copy it into the store with <see cref="GraphCopy"/>
/// (config and layers in parallel, each verified while it streams, skipped when the store has it, resumed from an
/// earlier partial download, then the manifest), and only then name it in index.json, so a failed pull leaves no entry behind.
/// Blobs committed before a failure stay unnamed until the next GC, so a retry does not fetch them again.
/// </summary>
/// <remarks>
/// Referenced parent ModelKits (<c>model.path</c> naming another kit) are pulled by <see cref="ParentModelKitPuller"/>,
/// each into its own repository.
/// </remarks>
internal sealed class ModelKitPuller(LocalModelStore store, TransferOptions? options = null)
{
    private readonly TransferOptions _options = options ?? new TransferOptions();

    /// <summary>
    /// Pulls <paramref name="tagOrDigest"/> of <paramref name="source"/> and records it in the local store under
    /// <c>registry/repository</c>, tagged unless pulled by digest.
    /// </summary>
    /// <returns>The manifest descriptor and the verified config bytes.</returns>
    /// <exception cref="KitException">The reference is not an OCI image manifest or not a ModelKit.</exception>
    public async Task<PulledModelKit> PullAsync(RemoteRepository source, string tagOrDigest, CancellationToken cancellationToken = default)
    {
        var kit = await FetchAsync(source, tagOrDigest, layerFilter: null, cancellationToken).ConfigureAwait(false);
        await using var kitScope = kit.ConfigureAwait(false);
        IReadOnlyCollection<string> tags = Digest.TryParse(tagOrDigest, out _) ? [] : [tagOrDigest];
        await store.AddManifestAsync(source.Registry + "/" + source.Repository, kit.ManifestDescriptor, tags, cancellationToken).ConfigureAwait(false);
        return new PulledModelKit(kit.ManifestDescriptor, kit.ConfigBytes);
    }

    /// <summary>
    /// Makes sure the manifest, the config and the layers <paramref name="layerFilter"/> selects (all when null) are in
    /// the local store, without naming anything in index.json: what <c>kit unpack</c> of a remote kit needs. Blobs
    /// the store has already are not downloaded. Dispose the result when done reading the blobs.
    /// </summary>
    public async Task<RemoteModelKit> FetchAsync(RemoteRepository source, string tagOrDigest, Func<Descriptor, bool>? layerFilter,
        CancellationToken cancellationToken = default)
    {
        var copyOptions = _options.ToCopyOptions(BlobTransferOutcome.Downloaded);
        var display = $"{source.Registry}/{source.Repository}{(Digest.TryParse(tagOrDigest, out _) ? "@" : ":")}{tagOrDigest}";
        var fetched = await source.FetchManifestAsync(tagOrDigest, cancellationToken).ConfigureAwait(false);
        var manifest = ParseModelKitManifest(fetched, display);
        var layers = layerFilter is null ? manifest.Layers : manifest.Layers.Where(layerFilter).ToList();

        var lease = store.Layout.BeginLease();
        try
        {
            var target = new OciLayoutRepository(store.Layout, source.Registry + "/" + source.Repository, lease);
            await GraphCopy.CopyGraphAsync(source, target, fetched.Descriptor,
                copyOptions with { LayerFilter = layerFilter, RootContent = fetched.Content }, cancellationToken).ConfigureAwait(false);
            var config = await store.Layout.ReadAllBytesVerifiedAsync(manifest.Config.Digest, ModelKitMediaTypes.MaxConfigSize, cancellationToken).ConfigureAwait(false);
            return new RemoteModelKit(display, fetched.Descriptor, fetched.Content, manifest, config, layers, lease);
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static Manifest ParseModelKitManifest(FetchedManifest fetched, string display)
    {
        if (fetched.Descriptor.MediaType != MediaTypes.ImageManifest)
            throw new KitException($"reference {display} is not an image manifest");
        Manifest manifest;
        try
        {
            manifest = Manifest.Parse(fetched.Content);
        }
        catch (FormatException e)
        {
            throw new KitException($"reference {display} is not an image manifest: {e.Message}", e);
        }
        if (manifest.Config.MediaType != ModelKitMediaTypes.Config)
            throw new KitException($"reference {display} does not refer to a model");
        if (manifest.Config.Size > ModelKitMediaTypes.MaxConfigSize)
            throw new KitException($"reference {display}: config is {manifest.Config.Size} bytes, more than the {ModelKitMediaTypes.MaxConfigSize} a ModelKit config may have");
        return manifest;
    }
}
