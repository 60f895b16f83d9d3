using Kit.Core.Packing;

namespace Kit.Core.Format;

/// <summary>What a ModelKit layer's media type (and subtype annotation) says: its kind, format and compression.</summary>
internal sealed record LayerMediaType(LayerKind Kind, LayerFormat Format, LayerCompression Compression);
