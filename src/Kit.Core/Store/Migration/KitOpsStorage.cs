using System.IO.Enumeration;

namespace Kit.Core.Store.Migration;

/// <summary>
/// What KitOps left in a storage directory that must be migrated: its pre-0.3 layouts. (Its current per-repository
/// files are shared, not migrated: see <see cref="KitOps.KitOpsIndexMirror"/>.)
/// </summary>
/// <param name="LegacyLayouts">Legacy layout: one OCI layout directory per repository, below <c>storage/&lt;registry&gt;/</c>.</param>
internal sealed record KitOpsStorage(IReadOnlyList<string> LegacyLayouts)
{
    public bool IsEmpty => LegacyLayouts.Count == 0;

    /// <summary>
    /// Runs at every command start, so on our own store it costs one listing of the top directory: KitOps walks
    /// the whole tree (gap 22). Only a top-level directory that is not ours is searched further.
    /// </summary>
    public static KitOpsStorage Detect(string storageRoot)
    {
        var legacy = new List<string>();
        List<string> top;
        try
        {
            // Directories only, told apart by the listing itself: the thousands of files beside them are never stat'ed.
            top = [.. new FileSystemEnumerable<string>(storageRoot, (ref FileSystemEntry e) => e.FileName.ToString())
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) => e.IsDirectory,
            }];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No storage yet, or one we cannot list: the command's own store access reports that better.
            return new KitOpsStorage([]);
        }
        foreach (var name in top)
        {
            if (!IsStoreDirectory(name))
                FindLayouts(new DirectoryInfo(Path.Combine(storageRoot, name)), legacy, depth: 0);
        }
        legacy.Sort(StringComparer.Ordinal);
        return new KitOpsStorage(legacy);
    }

    // indexes/ holds KitOps 1.17's ModelKit-index files and pack-records/ incremental pack's records: never legacy layouts.
    private static bool IsStoreDirectory(string name) => name is "blobs" or "ingest" or "leases" or "indexes" or "pack-records";

    // Repository paths have several segments (registry/org/team/model); nobody nests them deeper than this.
    private const int MaxDepth = 16;

    private static void FindLayouts(DirectoryInfo dir, List<string> found, int depth)
    {
        // The registry directory itself is never a repository layout.
        var isLayout = depth > 0 && File.Exists(Path.Combine(dir.FullName, "index.json"));
        if (isLayout)
            found.Add(dir.FullName);
        if (depth >= MaxDepth)
            return;
        foreach (var sub in dir.EnumerateDirectories())
        {
            // Repositories nest (localhost/org and localhost/org/model), so look inside a layout too, but not in its blobs.
            if (sub.LinkTarget is null && !(isLayout && sub.Name is "blobs" or "ingest"))
                FindLayouts(sub, found, depth + 1);
        }
    }
}
