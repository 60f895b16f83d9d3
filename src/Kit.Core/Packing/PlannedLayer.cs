using Kit.Core.Format;

namespace Kit.Core.Packing;

/// <summary>One Kitfile entry that becomes one layer, in manifest order.</summary>
/// <param name="Kind">The entry's section.</param>
/// <param name="Plan">The files of the layer.</param>
/// <param name="Format">Tar, or the one file verbatim (raw).</param>
/// <param name="Compression">How the layer is compressed (never for bundles).</param>
/// <param name="MediaType">The layer's media type in the format being packed.</param>
internal sealed record PlannedLayer(LayerKind Kind, LayerPlan Plan, LayerFormat Format, LayerCompression Compression, string MediaType);
