using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>A ModelKit index as <see cref="KitClient.GetIndexAsync"/> read it.</summary>
/// <param name="Reference">The index's full reference.</param>
/// <param name="Digest">The digest of its bytes.</param>
/// <param name="ModelKits">Its entries, in the index's order.</param>
public sealed record ModelKitIndexDetails(string Reference, Digest Digest, IReadOnlyList<ModelKitIndexEntry> ModelKits);
