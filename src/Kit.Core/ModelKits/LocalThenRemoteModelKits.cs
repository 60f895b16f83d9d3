using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.ModelKits;

/// <summary>
/// The local store first, then the kit's registry: what pack, unpack and the library use for a kit or parent that may
/// not be stored yet. The one place that decides that a kit neither stored nor naming a registry is not found, since
/// a reference without a registry must not silently mean https://localhost.
/// </summary>
/// <param name="local">Asked first.</param>
/// <param name="remote">Asked when the kit is not stored and its reference names a registry; null for the store only.</param>
internal sealed class LocalThenRemoteModelKits(LocalModelKits local, RemoteModelKits? remote) : IModelKitSource
{
    /// <summary>Called with the reference when the kit is read from its registry, before anything is fetched.</summary>
    public Action<ModelReference>? ReadingRemote { get; init; }

    public async Task<ModelKit> OpenAsync(ModelReference reference, Func<ModelKit, IReadOnlySet<Digest>>? selectLayers = null,
        CancellationToken cancellationToken = default)
    {
        if (await local.TryResolveAsync(reference, cancellationToken).ConfigureAwait(false) is { } stored)
        {
            // Layers to be read (unpack) are leased like downloaded ones: removing the kit meanwhile cannot take them.
            return selectLayers is null ? stored : await local.LeaseAsync(stored, selectLayers(stored), cancellationToken).ConfigureAwait(false);
        }
        if (remote is null || !reference.NamesRegistry)
            throw new ModelKitNotFoundException(reference);
        ReadingRemote?.Invoke(reference);
        return await remote.OpenAsync(reference, selectLayers, cancellationToken).ConfigureAwait(false);
    }
}
