using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>An entry of <c>datasets</c>.</summary>
public sealed record DatasetEntry : IKitfileEntry
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    public string Description { get; init; } = "";
    public string License { get; init; } = "";
    public ParameterValue? Parameters { get; init; }
    public Digest? Digest { get; init; }
    public Digest? DiffId { get; init; }

    public DatasetEntry WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);
}
