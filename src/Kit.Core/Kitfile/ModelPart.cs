using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>An entry of <c>model.parts</c>: an extra model file or directory packed as its own layer.</summary>
public sealed record ModelPart : IKitfileEntry
{
    /// <summary>The name the Kitfile gives this entry.</summary>
    public string Name { get; init; } = "";
    /// <summary>The path relative to the context directory that the layer is built from (a file or a directory).</summary>
    public string Path { get; init; } = "";
    /// <summary>License identifier from the Kitfile (an SPDX id by convention; not validated).</summary>
    public string License { get; init; } = "";

    /// <summary>Free-form kind (e.g. <c>lora</c>), validated against <c>^[\w][\w.-]*$</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Digest of the packed layer, in a Kitfile read from a ModelKit's config; null in a Kitfile read from disk.</summary>
    public Digest? Digest { get; init; }
    /// <summary>Digest of the uncompressed layer tar (equal to <see cref="Digest"/> when not compressed); null in a Kitfile read from disk.</summary>
    public Digest? DiffId { get; init; }

    /// <summary>A copy recording the layer this entry was packed into.</summary>
    /// <param name="digest">Digest of the layer blob.</param>
    /// <param name="diffId">Digest of the uncompressed tar.</param>
    public ModelPart WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);
}
