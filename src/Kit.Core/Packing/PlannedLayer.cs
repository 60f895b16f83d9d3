using Kit.Core.Format;

namespace Kit.Core.Packing;

/// <summary>One Kitfile entry that becomes one layer, in manifest order.</summary>
internal sealed record PlannedLayer(LayerKind Kind, LayerPlan Plan);
