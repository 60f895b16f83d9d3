using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>
/// An entry of <c>prompts</c> (KitOps 1.11+): prompt files or an agent skill directory, packed like a <c>code</c> entry
/// (same media type) with the layer annotation <c>ml.kitops.modelkit.layer-subtype: prompt</c>.
/// </summary>
public sealed record PromptEntry : IKitfileEntry
{
    /// <summary>The name the Kitfile gives this entry.</summary>
    public string Name { get; init; } = "";
    /// <summary>The path relative to the context directory that the layer is built from (a file or a directory).</summary>
    public string Path { get; init; } = "";
    /// <summary>Free-text description from the Kitfile.</summary>
    public string Description { get; init; } = "";
    /// <summary>Digest of the packed layer, in a Kitfile read from a ModelKit's config; null in a Kitfile read from disk.</summary>
    public Digest? Digest { get; init; }
    /// <summary>Digest of the uncompressed layer (equal to <see cref="Digest"/> when not compressed); null in a Kitfile read from disk.</summary>
    public Digest? DiffId { get; init; }

    /// <summary>A copy recording the layer this entry was packed into.</summary>
    /// <param name="digest">Digest of the layer blob.</param>
    /// <param name="diffId">Digest of the uncompressed layer.</param>
    public PromptEntry WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);
}
