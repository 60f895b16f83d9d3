using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>
/// An entry of <c>mcpServers</c> (KitOps 1.15+): one MCP bundle (a <c>.mcpb</c> ZIP file with a <c>manifest.json</c>),
/// stored verbatim as an <c>application/vnd.kitops.modelkit.mcpb.v1.raw</c> layer whatever the pack's format and
/// compression.
/// </summary>
public sealed record McpServerEntry : IKitfileEntry
{
    /// <summary>The server's name; required and unique within the Kitfile.</summary>
    public string Name { get; init; } = "";
    /// <summary>The <c>.mcpb</c> file, relative to the context directory.</summary>
    public string Path { get; init; } = "";
    /// <summary>Free-text description from the Kitfile.</summary>
    public string Description { get; init; } = "";
    /// <summary>Digest of the packed layer (the bundle's sha256), in a Kitfile read from a ModelKit's config; null in a Kitfile read from disk.</summary>
    public Digest? Digest { get; init; }
    /// <summary>Equal to <see cref="Digest"/> (bundles are never compressed); null in a Kitfile read from disk.</summary>
    public Digest? DiffId { get; init; }

    /// <summary>A copy recording the layer this entry was packed into.</summary>
    /// <param name="digest">Digest of the layer blob.</param>
    /// <param name="diffId">Digest of the uncompressed layer.</param>
    public McpServerEntry WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);
}
