using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Unpacking;

/// <summary>Where <c>kit unpack</c> finds the parents of a kit whose <c>model.path</c> names another ModelKit.</summary>
internal interface IReferencedModelKitSource
{
    /// <summary>
    /// The parent <paramref name="reference"/> names, with the layers <paramref name="selectLayers"/> picks present in
    /// the local store until the result is disposed.
    /// </summary>
    /// <exception cref="KitException">The parent cannot be found or fetched; the message is one line.</exception>
    Task<ReferencedModelKit> OpenAsync(ModelReference reference, Func<ResolvedModelKit, IReadOnlySet<Digest>> selectLayers,
        CancellationToken cancellationToken = default);
}
