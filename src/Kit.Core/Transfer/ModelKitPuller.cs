using Kit.Core.Format;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Remote;
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
    /// <returns>The kit, named in the index, with its verified manifest and config.</returns>
    /// <exception cref="KitException">The reference is not an OCI image manifest or not a ModelKit.</exception>
    public async Task<ModelKit> PullAsync(RemoteRepository source, string tagOrDigest, CancellationToken cancellationToken = default)
    {
        var kit = await FetchAsync(source, tagOrDigest, selectLayers: null, cancellationToken).ConfigureAwait(false);
        await using var kitScope = kit.ConfigureAwait(false);
        IReadOnlyCollection<string> tags = Digest.TryParse(tagOrDigest, out _) ? [] : [tagOrDigest];
        await store.AddManifestAsync(source.Registry + "/" + source.Repository, kit.ManifestDescriptor, tags, cancellationToken).ConfigureAwait(false);
        return kit.Unleased();
    }

    /// <summary>
    /// Makes sure the manifest, the config and the layers <paramref name="selectLayers"/> picks (all when null) are in
    /// the local store, without naming anything in index.json: what <c>kit unpack</c> of a remote kit needs. Blobs
    /// the store has already are not downloaded. Dispose the result when done reading the blobs.
    /// </summary>
    public async Task<ModelKit> FetchAsync(RemoteRepository source, string tagOrDigest, Func<ModelKit, IReadOnlySet<Digest>>? selectLayers,
        CancellationToken cancellationToken = default)
    {
        var copyOptions = _options.ToCopyOptions(BlobTransferOutcome.Downloaded);
        var named = ModelReference.CreateUnchecked(source.Registry, source.Repository, null, null, [], isTagExplicit: false, namesRegistry: true);
        var fetched = await source.FetchManifestAsync(tagOrDigest, cancellationToken).ConfigureAwait(false);
        var manifest = RemoteModelKits.ParseModelKitManifest(fetched, RemoteModelKits.Shown(named, tagOrDigest));

        var lease = store.Layout.BeginLease();
        try
        {
            var target = new OciLayoutRepository(store.Layout, source.Registry + "/" + source.Repository, lease);
            // Which layers to fetch depends on the Kitfile, so a selective fetch copies the config first; either way
            // every blob comes down once, straight into the store, and one the store has is not fetched at all.
            copyOptions = copyOptions with { RootContent = fetched.Content };
            await GraphCopy.CopyGraphAsync(source, target, fetched.Descriptor, selectLayers is null ? copyOptions : copyOptions with { LayerFilter = _ => false },
                cancellationToken).ConfigureAwait(false);
            var config = await store.Layout.ReadAllBytesVerifiedAsync(manifest.Config.Digest, ModelKitMediaTypes.MaxConfigSize, cancellationToken).ConfigureAwait(false);
            // Released, what was downloaded stays kept (kit cache info counts it, kit cache clear frees it) for the next unpack.
#pragma warning disable CA2000 // Owned by the ModelKit made next, whose disposal ends it.
            var kept = new KeptOnRelease(store.Layout, fetched.Descriptor.Digest.Hex, lease);
#pragma warning restore CA2000
            var kit = new ModelKit(RemoteModelKits.Named(named, tagOrDigest, fetched.Descriptor.Digest), fetched.Descriptor, fetched.Content, manifest, config, kept);
            if (selectLayers?.Invoke(kit) is { } selected)
            {
                await GraphCopy.CopyGraphAsync(source, target, fetched.Descriptor, copyOptions with { LayerFilter = l => selected.Contains(l.Digest) },
                    cancellationToken).ConfigureAwait(false);
            }
            return kit;
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
