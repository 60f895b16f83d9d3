using Kit.Core.Format;
using Kit.Core.Kitfiles;

namespace Kit.Core.Unpacking;

/// <summary>
/// Maps manifest layers, in manifest order, to Kitfile entries by running index per layer kind;
/// every model layer maps to the one model.
/// </summary>
internal sealed class KitfileLayerMatcher(Kitfile kitfile)
{
    private readonly IReadOnlyList<KitfileLayer> _entries = KitfileLayers.Of(kitfile);
    private readonly Dictionary<LayerKind, int> _next = [];

    public KitfileLayer Next(LayerKind kind)
    {
        var i = _next.GetValueOrDefault(kind);
        _next[kind] = i + 1;
        return _entries.Where(e => e.Kind == kind && (kind.IsSingle || e.HasLayer)).ElementAtOrDefault(kind.IsSingle ? 0 : i)
            ?? throw new KitException($"modelkit config has no entry for {kind.MediaTypeBase} layer #{i + 1}: the config and manifest do not match");
    }
}
