using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>An entry of <c>code</c>.</summary>
public sealed record CodeEntry : IKitfileEntry
{
    public string Path { get; init; } = "";
    public string Description { get; init; } = "";
    public string License { get; init; } = "";
    public Digest? Digest { get; init; }
    public Digest? DiffId { get; init; }

    public CodeEntry WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);

    string? IKitfileEntry.Name => null;
}
