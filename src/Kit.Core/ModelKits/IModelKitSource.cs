using Kit.Core.References;
using Kit.Oci;

namespace Kit.Core.ModelKits;

/// <summary>Where a ModelKit named by a reference is found: the local store, a registry, or the store then a registry.</summary>
internal interface IModelKitSource
{
    /// <summary>
    /// The ModelKit <paramref name="reference"/> names. With <paramref name="selectLayers"/>, the layers it picks are
    /// readable from the local store until the result is disposed; without it only the manifest and config are read.
    /// </summary>
    /// <exception cref="KitException">The kit cannot be found or read; the message is one line.</exception>
    Task<ModelKit> OpenAsync(ModelReference reference, Func<ModelKit, IReadOnlySet<Digest>>? selectLayers = null,
        CancellationToken cancellationToken = default);
}
