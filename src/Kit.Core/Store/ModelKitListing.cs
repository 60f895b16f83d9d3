using Kit.Oci;

namespace Kit.Core.Store;

/// <summary>One manifest in one repository, as <c>kit list</c> shows it.</summary>
/// <param name="Repository">The full repository, e.g. <c>localhost/sentiment</c> or <c>registry.example.com/team/sentiment</c>.</param>
/// <param name="Digest">The manifest digest.</param>
/// <param name="Tags">Its tags in that repository, sorted; empty for an untagged ModelKit.</param>
/// <param name="ModelName">The Kitfile's <c>package.name</c>.</param>
/// <param name="Author">The Kitfile's first <c>package.authors</c> entry.</param>
/// <param name="Size">The sum of the layer sizes in bytes.</param>
public sealed record ModelKitListing(string Repository, Digest Digest, IReadOnlyList<string> Tags, string? ModelName, string? Author, long Size)
{
    /// <summary>The repository as KitOps displays it: without <c>localhost/</c>, <c>_</c> shown as empty.</summary>
    public string DisplayRepository => References.ModelReference.FormatRepositoryForDisplay(Repository);

    /// <summary>The config (the Kitfile) as stored, for <c>kit list --filter</c>; null when it was not read.</summary>
    internal byte[]? Config { get; init; }
}
