
namespace Kit.Oci.Layout;

/// <summary>One manifest as held by one repository of the local store.</summary>
/// <param name="Repository">Fully qualified, e.g. <c>localhost/test</c>; empty for entries written by other tools that name no repository.</param>
/// <param name="Descriptor">The manifest descriptor, without index annotations.</param>
/// <param name="Tags">Its tags in that repository, sorted ordinally; empty when untagged.</param>
internal sealed record StoredManifest(string Repository, Descriptor Descriptor, IReadOnlyList<string> Tags);
