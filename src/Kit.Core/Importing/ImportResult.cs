using Kit.Oci;

namespace Kit.Core.Importing;

/// <summary>An imported ModelKit and where it came from.</summary>
/// <param name="Name">What it is named in the store, as written.</param>
/// <param name="Manifest">Its manifest.</param>
/// <param name="ConfigDigest">The digest of its Kitfile config.</param>
/// <param name="SourceUri"><c>hf://org/repo</c> (<c>hf://datasets/org/repo</c>), or the git URL without credentials.</param>
/// <param name="Commit">The commit imported.</param>
internal sealed record ImportResult(string Name, Descriptor Manifest, Digest ConfigDigest, string SourceUri, string Commit);
