namespace Kit.Core.Generation;

/// <summary>A file seen by the Kitfile generator: its name, its slash-separated path relative to the listed root, its size.</summary>
internal sealed record ListedFile(string Name, string Path, long Size);

/// <summary>
/// A directory tree as the Kitfile generator sees it: regular files and directories only, each level sorted by name
/// (byte order, as KitOps lists them), without hidden entries and operating-system clutter.
/// </summary>
/// <param name="Name">The directory's own name (<c>.</c> for the root).</param>
/// <param name="Path">Its slash-separated path relative to the root (<c>.</c> for the root).</param>
/// <param name="FullPath">Where it is on disk, for reading a license or SKILL.md; null for a remote repository.</param>
/// <param name="Files">Its files.</param>
/// <param name="Subdirs">Its subdirectories.</param>
internal sealed record DirectoryListing(string Name, string Path, string? FullPath, IReadOnlyList<ListedFile> Files, IReadOnlyList<DirectoryListing> Subdirs)
{
    /// <summary>Names never listed (compared case-insensitively): files operating systems leave behind.</summary>
    private static readonly HashSet<string> OsClutter = new(
        [".DS_Store", ".AppleDouble", ".LSOverride", ".Spotlight-V100", ".Trashes", "Thumbs.db", "desktop.ini", "$RECYCLE.BIN", "ehthumbs.db"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists <paramref name="root"/> recursively; symlinks, devices and the like are left out.</summary>
    public static DirectoryListing Read(string root) => Read(new DirectoryInfo(root), ".", ".");

    /// <summary>
    /// The tree of <paramref name="files"/> (slash-separated paths and sizes) of a repository that is not on disk, with
    /// the same entries left out as on disk.
    /// </summary>
    public static DirectoryListing FromFiles(IEnumerable<(string Path, long Size)> files) =>
        FromFiles(".", ".", [.. files.Select(f => (Segments: f.Path.Split('/', StringSplitOptions.RemoveEmptyEntries), f.Size))
            .Where(f => f.Segments.Length > 0 && !f.Segments.Any(IsSkipped))]);

    /// <summary>The absolute path of one of the listed files; null when the listing is not of a directory on disk.</summary>
    public string? FullPathOf(ListedFile file) => FullPath is null ? null : System.IO.Path.Combine(FullPath, file.Name);

    private static DirectoryListing FromFiles(string name, string path, List<(string[] Segments, long Size)> files)
    {
        string Child(string segment) => path == "." ? segment : path + "/" + segment;
        var listed = files.Where(f => f.Segments.Length == 1)
            .Select(f => new ListedFile(f.Segments[0], Child(f.Segments[0]), f.Size))
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var subdirs = files.Where(f => f.Segments.Length > 1)
            .GroupBy(f => f.Segments[0], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => FromFiles(g.Key, Child(g.Key), [.. g.Select(f => (f.Segments[1..], f.Size))]))
            .ToList();
        return new DirectoryListing(name, path, null, listed, subdirs);
    }

    private static DirectoryListing Read(DirectoryInfo dir, string name, string path)
    {
        var files = new List<ListedFile>();
        var subdirs = new List<DirectoryListing>();
        foreach (var entry in dir.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (IsSkipped(entry.Name) || entry.LinkTarget is not null) continue;
            var childPath = path == "." ? entry.Name : path + "/" + entry.Name;
            if (entry is DirectoryInfo sub)
                subdirs.Add(Read(sub, sub.Name, childPath));
            else if (entry is FileInfo file && !Packing.SpecialFile.IsSpecial(file.FullName))
                files.Add(new ListedFile(file.Name, childPath, file.Length));
        }
        return new DirectoryListing(name, path, dir.FullName, files, subdirs);
    }

    /// <summary>Hidden entries (<c>.git</c>, <c>.venv</c>, editor state) and OS clutter are never part of a generated Kitfile.</summary>
    private static bool IsSkipped(string name) => name.StartsWith('.') || OsClutter.Contains(name);
}
