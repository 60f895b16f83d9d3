using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>The <c>model</c> section. <see cref="Path"/> may be a ModelKit reference (see <see cref="ModelKitReferenceDetector"/>).</summary>
public sealed record ModelSection : IKitfileEntry
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    public string License { get; init; } = "";
    public string Framework { get; init; } = "";
    public string Format { get; init; } = "";
    public string Version { get; init; } = "";
    public string Description { get; init; } = "";
    public EquatableList<ModelPart> Parts { get; init; } = EquatableList<ModelPart>.Empty;

    /// <summary>Free-form parameters; null when absent (a YAML null at this level counts as absent, as in KitOps).</summary>
    public ParameterValue? Parameters { get; init; }

    /// <summary>Set by packing when the model produced a layer.</summary>
    public Digest? Digest { get; init; }

    /// <summary>Digest of the uncompressed layer, set by packing.</summary>
    public Digest? DiffId { get; init; }

    public ModelSection WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);
}
