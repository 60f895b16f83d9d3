namespace Kit.Core.Packing;

/// <summary>
/// Decides whether a path is left out of a layer: by <c>.kitignore</c>, or because another, deeper layer owns it.
/// </summary>
/// <remarks>
/// Every file belongs to the deepest layer whose path contains it. Ownership is decided by whole path
/// segments, unlike KitOps' string prefixes, so a <c>model</c> layer does not take <c>modelcard.md</c>.
/// </remarks>
internal sealed class LayerIgnoreRules
{
    private readonly string[] _layerPaths;

    /// <param name="kitIgnore">The context's ignore rules.</param>
    /// <param name="allLayerPaths">Paths of every layer of the kit (and of parent kits), in any form.</param>
    public LayerIgnoreRules(KitIgnore kitIgnore, IEnumerable<string> allLayerPaths)
    {
        KitIgnore = kitIgnore;
        _layerPaths = allLayerPaths.Select(LayerPath.Clean).Distinct(StringComparer.Ordinal).ToArray();
    }

    public KitIgnore KitIgnore { get; }

    public IReadOnlyList<string> LayerPaths => _layerPaths;

    /// <summary>Whether <paramref name="path"/> must be left out of the layer for <paramref name="layerPath"/>.</summary>
    public bool IsIgnored(string path, string layerPath)
    {
        path = LayerPath.Clean(path);
        layerPath = LayerPath.Clean(layerPath);
        if (KitIgnore.IsIgnored(path))
            return true;
        return IsOwnedByOtherLayer(path, layerPath);
    }

    /// <summary>Whether a layer nested inside <paramref name="layerPath"/> claims <paramref name="path"/>.</summary>
    public bool IsOwnedByOtherLayer(string path, string layerPath)
    {
        foreach (var other in _layerPaths)
        {
            // The layer itself and its ancestors (e.g. "." for "model") never take paths away from it.
            if (LayerPath.IsWithin(layerPath, other))
                continue;
            if (LayerPath.IsWithin(path, other))
                return true;
        }
        return false;
    }
}
