using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Core.Unpacking;
using Kit.Oci;

namespace Kit.Core.Transfer;

/// <summary>
/// Parents for <c>kit unpack</c>: from the local store, else from their registry, downloading only the layers
/// unpack selects (blobs already stored are not fetched again). A parent without a registry must be stored locally.
/// </summary>
internal sealed class StoreThenRegistryModelKits(LocalModelKits local, RegistryClients clients, TransferOptions options) : IReferencedModelKitSource
{
    public async Task<ReferencedModelKit> OpenAsync(ModelReference reference, Func<ResolvedModelKit, IReadOnlySet<Digest>> selectLayers,
        CancellationToken cancellationToken = default)
    {
        if (await local.TryResolveAsync(reference, cancellationToken).ConfigureAwait(false) is { } stored)
            return new ReferencedModelKit(stored);
        if (!reference.NamesRegistry)
            throw new ModelKitNotFoundException(reference);

        return await RemoteFailure.GuardAsync(reference.Registry, reference.ToString(), clients.Settings.PlainHttp, async () =>
        {
            var remote = await new RemoteModelKits(clients).ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
            var needed = selectLayers(remote);
            var fetched = await new ModelKitPuller(local.Store, options)
                .FetchAsync(clients.Open(reference), remote.Digest.ToString(), l => needed.Contains(l.Digest), cancellationToken).ConfigureAwait(false);
            return new ReferencedModelKit(remote, fetched);
        }).ConfigureAwait(false);
    }
}
