using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>An entry of <c>docs</c>. Its <c>path</c> is the one field KitOps writes even when empty.</summary>
public sealed record DocsEntry : IKitfileEntry
{
    public string Path { get; init; } = "";
    public string Description { get; init; } = "";
    public Digest? Digest { get; init; }
    public Digest? DiffId { get; init; }

    public DocsEntry WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);

    string? IKitfileEntry.Name => null;
}
