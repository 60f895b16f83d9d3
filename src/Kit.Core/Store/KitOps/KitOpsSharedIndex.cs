using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.KitOps;

/// <summary>KitOps's own index.json entries: bare descriptors in the file our index also lives in.</summary>
internal static class KitOpsSharedIndex
{
    /// <summary>
    /// Drops bare entries whose manifest some repository now names, so they do not linger as nameless
    /// duplicates; a bare entry no repository names stays (its blobs stay reachable for GC).
    /// </summary>
    public static ImageIndex DropNamedBareEntries(ImageIndex index)
    {
        var named = index.Manifests
            .Where(e => !EntryName.Of(e).IsForeign)
            .Select(e => e.Digest)
            .ToHashSet();
        var kept = index.Manifests.Where(e => !(IsBare(e) && named.Contains(e.Digest))).ToList();
        return kept.Count == index.Manifests.Count ? index : index with { Manifests = kept };
    }

    private static bool IsBare(Descriptor entry) => entry.Annotations is null || entry.Annotations.Count == 0;
}
