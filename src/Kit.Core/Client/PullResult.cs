using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>What <see cref="KitClient.PullAsync"/> stored.</summary>
/// <param name="Reference">The reference that was pulled, as stored locally.</param>
/// <param name="Digest">The digest of its manifest.</param>
/// <param name="Parents">ModelKits its <c>model.path</c> chain references that were pulled too (direct parent first); those already stored are not listed.</param>
public sealed record PullResult(string Reference, Digest Digest, IReadOnlyList<string> Parents);
