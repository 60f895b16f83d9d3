using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>A ModelKit that an operation wrote, pushed or named.</summary>
/// <param name="Reference">Its full reference, e.g. <c>registry.example.com/team/model:v1</c> (<c>localhost/_</c> when packed untagged).</param>
/// <param name="Digest">The digest of its manifest.</param>
public sealed record ModelKitResult(string Reference, Digest Digest);
