using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Unpacking;

/// <summary>Parents from the local store only: what unpack uses when no registry may be contacted.</summary>
internal sealed class LocalReferencedModelKits(LocalModelKits local) : IReferencedModelKitSource
{
    public async Task<ReferencedModelKit> OpenAsync(ModelReference reference, Func<ResolvedModelKit, IReadOnlySet<Digest>> selectLayers,
        CancellationToken cancellationToken = default) =>
        new(await local.ResolveAsync(reference, cancellationToken).ConfigureAwait(false));
}
