using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>One ModelKit of a ModelKit index.</summary>
/// <param name="Digest">Its manifest digest.</param>
/// <param name="OriginalTag">The tag it had when added; null when added by digest.</param>
/// <param name="Size">The total size of its layers as recorded in the index, else from the local store; null when unknown.</param>
/// <param name="Labels">Its labels: a JSON string value unquoted (<c>q4_0</c>), any other value as compact JSON (<c>6</c>, <c>["cuda"]</c>).</param>
public sealed record ModelKitIndexEntry(Digest Digest, string? OriginalTag, long? Size, IReadOnlyDictionary<string, string> Labels);
