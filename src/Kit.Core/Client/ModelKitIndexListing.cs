using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>One index of the local store, as <see cref="KitClient.ListIndexesAsync"/> and <c>kit index list</c> show it.</summary>
/// <param name="Repository">Its full repository (<c>localhost/llama</c>).</param>
/// <param name="Digest">The digest of its bytes.</param>
/// <param name="Tags">Its tags, sorted; empty when untagged.</param>
/// <param name="ModelKitCount">How many ModelKits it lists; null when it cannot be read.</param>
public sealed record ModelKitIndexListing(string Repository, Digest Digest, IReadOnlyList<string> Tags, int? ModelKitCount);
