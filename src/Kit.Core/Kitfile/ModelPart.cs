using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>An entry of <c>model.parts</c>: an extra model file or directory packed as its own layer.</summary>
public sealed record ModelPart : IKitfileEntry
{
    public string Name { get; init; } = "";
    public string Path { get; init; } = "";
    public string License { get; init; } = "";

    /// <summary>Free-form kind (e.g. <c>lora</c>), validated against <c>^[\w][\w.-]*$</c>.</summary>
    public string Type { get; init; } = "";

    public Digest? Digest { get; init; }
    public Digest? DiffId { get; init; }

    public ModelPart WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);
}
