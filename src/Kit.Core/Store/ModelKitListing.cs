using Kit.Oci;

namespace Kit.Core.Store;

/// <summary>One manifest in one repository, as <c>kit list</c> shows it (section 7.3).</summary>
public sealed record ModelKitListing(string Repository, Digest Digest, IReadOnlyList<string> Tags, string? ModelName, string? Author, long Size)
{
    /// <summary>The repository as KitOps displays it: without <c>localhost/</c>, <c>_</c> shown as empty.</summary>
    public string DisplayRepository => References.ModelReference.FormatRepositoryForDisplay(Repository);
}
