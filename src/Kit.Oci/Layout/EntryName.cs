
namespace Kit.Oci.Layout;

/// <summary>
/// What an index.json entry says about repository and tag. Ours: a ref name <c>repo:tag</c> (a tag) or our
/// repository annotation alone (untagged). Anything else (skopeo's bare <c>v1</c>, no annotations) is foreign.
/// </summary>
internal readonly record struct EntryName(string Repository, string? Tag, bool IsForeign)
{
    /// <summary>Names the repository of an untagged manifest entry (the key KitOps-compatible stores have always used).</summary>
    public const string RepositoryAnnotation = "ml.kitops.kit.repository";

    public static EntryName Of(Descriptor entry)
    {
        var annotations = entry.Annotations;
        if (annotations is not null && annotations.TryGetValue(OciAnnotations.RefName, out var refName))
        {
            return TrySplitReference(refName, out var repository, out var tag)
                ? new EntryName(repository, tag, false)
                : new EntryName("", refName, true);
        }
        if (annotations is not null && annotations.TryGetValue(RepositoryAnnotation, out var repo) && repo.Length > 0)
            return new EntryName(repo, null, false);
        return new EntryName("", null, true);
    }

    /// <summary>Splits <c>registry/path:tag</c> at the tag colon: the last colon after the last slash.</summary>
    public static bool TrySplitReference(string reference, out string repository, out string tag)
    {
        repository = tag = "";
        var slash = reference.LastIndexOf('/');
        var colon = reference.LastIndexOf(':');
        if (slash <= 0 || colon < slash || reference.Contains('@', StringComparison.Ordinal))
            return false;
        repository = reference[..colon];
        tag = reference[(colon + 1)..];
        return Names.IsValidTag(tag) && Names.IsValidRepository(repository);
    }

    public bool Holds(string repository, Digest digest, Descriptor entry) =>
        !IsForeign && Repository == repository && entry.Digest == digest;
}
