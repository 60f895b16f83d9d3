namespace Kit.Core.Generation;

/// <summary>A file seen by the Kitfile generator: its name, its slash-separated path relative to the listed root, its size.</summary>
internal sealed record ListedFile(string Name, string Path, long Size);

/// <summary>
/// A directory tree as the Kitfile generator sees it: regular files and directories only, each level sorted by name
/// (byte order, as KitOps lists them), without hidden entries and operating-system clutter.
/// </summary>
/// <param name="Name">The directory's own name (<c>.</c> for the root).</param>
/// <param name="Path">Its slash-separated path relative to the root (<c>.</c> for the root).</param>
/// <param name="FullPath">Where it is on disk, for reading a license or SKILL.md.</param>
/// <param name="Files">Its files.</param>
/// <param name="Subdirs">Its subdirectories.</param>
internal sealed record DirectoryListing(string Name, string Path, string FullPath, IReadOnlyList<ListedFile> Files, IReadOnlyList<DirectoryListing> Subdirs)
{
    /// <summary>Names never listed (compared case-insensitively): files operating systems leave behind.</summary>
    private static readonly HashSet<string> OsClutter = new(
        [".DS_Store", ".AppleDouble", ".LSOverride", ".Spotlight-V100", ".Trashes", "Thumbs.db", "desktop.ini", "$RECYCLE.BIN", "ehthumbs.db"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists <paramref name="root"/> recursively; symlinks, devices and the like are left out.</summary>
    public static DirectoryListing Read(string root) => Read(new DirectoryInfo(root), ".", ".");

    /// <summary>The absolute path of one of the listed files.</summary>
    public string FullPathOf(ListedFile file) => System.IO.Path.Combine(FullPath, file.Name);

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
