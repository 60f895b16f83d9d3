using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.KitOps;

/// <summary>Which KitOps tag keys become our tags.</summary>
internal static class KitOpsTagClassifier
{
    /// <summary>
    /// The tag to keep, or null when the manifest should only stay in the repository: KitOps stores digest
    /// strings as tags when migrating untagged kits (gap 11), and older versions never validated tags.
    /// </summary>
    public static string? TagOrNull(string key, string repository, Action<string> warn)
    {
        if (Digest.TryParse(key, out _))
            return null;
        if (Names.IsValidTag(key))
            return key;
        warn($"tag '{key}' of {repository} is not a valid tag; the ModelKit is kept in {repository} without it");
        return null;
    }
}
