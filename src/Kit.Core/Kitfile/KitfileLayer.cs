using Kit.Core.Format;
using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>One entry of a Kitfile's layer sections, as listed by <see cref="KitfileLayers.Of"/>.</summary>
/// <param name="Kind">The section it comes from.</param>
/// <param name="Index">Its position within that section (0 for the model).</param>
/// <param name="Entry">The entry itself.</param>
internal sealed record KitfileLayer(LayerKind Kind, int Index, IKitfileEntry Entry)
{
    /// <inheritdoc cref="IKitfileEntry.Name"/>
    public string? Name => Entry.Name;

    /// <inheritdoc cref="IKitfileEntry.Path"/>
    public string Path => Entry.Path;

    /// <inheritdoc cref="IKitfileEntry.Digest"/>
    public Digest? Digest => Entry.Digest;

    /// <inheritdoc cref="IKitfileEntry.DiffId"/>
    public Digest? DiffId => Entry.DiffId;

    /// <summary>
    /// Whether packing makes a layer of this entry: not for a model without a path or whose path names a parent
    /// ModelKit; the other entries always have one.
    /// </summary>
    public bool HasLayer => Kind.HasLayer(Entry);
}
