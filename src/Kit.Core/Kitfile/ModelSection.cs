using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>The <c>model</c> section. <see cref="Path"/> may be a ModelKit reference (see <see cref="ModelKitReferenceDetector"/>).</summary>
public sealed record ModelSection : IKitfileEntry
{
    /// <summary>The name the Kitfile gives this entry.</summary>
    public string Name { get; init; } = "";
    /// <summary>The path relative to the context directory that the layer is built from (a file or a directory).</summary>
    public string Path { get; init; } = "";
    /// <summary>License identifier from the Kitfile (an SPDX id by convention; not validated).</summary>
    public string License { get; init; } = "";
    /// <summary>The framework the model is for (e.g. <c>pytorch</c>), as written in the Kitfile.</summary>
    public string Framework { get; init; } = "";
    /// <summary>The model's file format (e.g. <c>gguf</c>), as written in the Kitfile.</summary>
    public string Format { get; init; } = "";
    /// <summary>The model's version, as written in the Kitfile.</summary>
    public string Version { get; init; } = "";
    /// <summary>Free-text description from the Kitfile.</summary>
    public string Description { get; init; } = "";
    /// <summary>Further files of the model (e.g. adapters or tokenizers), each packed as its own layer after the model.</summary>
    public EquatableList<ModelPart> Parts { get; init; } = EquatableList<ModelPart>.Empty;

    /// <summary>Free-form parameters; null when absent (a YAML null at this level counts as absent, as in KitOps).</summary>
    public ParameterValue? Parameters { get; init; }

    /// <summary>Set by packing when the model produced a layer.</summary>
    public Digest? Digest { get; init; }

    /// <summary>Digest of the uncompressed layer, set by packing.</summary>
    public Digest? DiffId { get; init; }

    /// <summary>A copy recording the layer this entry was packed into.</summary>
    /// <param name="digest">Digest of the layer blob.</param>
    /// <param name="diffId">Digest of the uncompressed tar.</param>
    public ModelSection WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);
}
