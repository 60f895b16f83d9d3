namespace Kit.Core.Unpacking;

/// <summary>
/// The directory an archive is extracted into: maps entry names to paths that provably stay inside it,
/// creates missing parents without ever following a symlink, and places finished files.
/// </summary>
/// <remarks>
/// When placement is deferred, finished files wait under their temporary names until <see cref="Commit"/>, so a
/// layer whose digest turns out wrong (known only at its end) never replaces a file the user already had;
/// <see cref="Discard"/> removes them instead. Meanwhile they count as files at their destination, so later
/// entries of the same layer see them as if they had been placed.
/// </remarks>
internal sealed class ExtractionTarget
{
    private static readonly char[] Separators = OperatingSystem.IsWindows() ? ['/', '\\'] : ['/'];

    // Directories already checked (or created) during this extraction: a layer with many files in one
    // folder should not re-check every ancestor for every file.
    private readonly HashSet<string> _knownDirectories = new(StringComparer.Ordinal);

    private readonly bool _deferPlacement;

    // Destination -> temporary name, in archive order (Dictionary keeps insertion order while nothing is removed).
    private readonly Dictionary<string, string> _staged = new(StringComparer.Ordinal);

    public ExtractionTarget(string root, bool deferPlacement = false)
    {
        Root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        _knownDirectories.Add(Root);
        _deferPlacement = deferPlacement;
    }

    public string Root { get; }

    /// <summary>The full path for <paramref name="entryName"/>, or an <see cref="TarExtractionError.IllegalPath"/> error.</summary>
    /// <remarks>
    /// Any <c>..</c> segment is refused, even one that would stay inside (<c>a/../b</c>): KitOps never writes
    /// one, so such an entry comes from a crafted archive. Empty and <c>.</c> segments are ignored.
    /// </remarks>
    public string Resolve(string entryName)
    {
        if (entryName.Length == 0 || entryName.Contains('\0', StringComparison.Ordinal)
            || entryName[0] == '/' || Path.IsPathRooted(entryName))
            throw Illegal(entryName);

        var segments = entryName.Split(Separators, StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s != ".")
            .ToArray();
        if (segments.Length == 0)
            return Root;
        if (segments.Any(s => s == ".." || (OperatingSystem.IsWindows() && s.Contains(':', StringComparison.Ordinal))))
            throw Illegal(entryName);

        var full = Path.GetFullPath(Path.Join([Root, .. segments]));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw Illegal(entryName);
        return full;
    }

    /// <summary>
    /// Makes every ancestor of <paramref name="fullPath"/> below the root an existing real directory,
    /// refusing to go through a symlink (which could point anywhere) or a file.
    /// </summary>
    public void EnsureParentDirectories(string fullPath, string entryName)
    {
        var parent = Path.GetDirectoryName(fullPath);
        if (parent is null || _knownDirectories.Contains(parent))
            return;

        // Walk down from the root so each component is checked before anything is created inside it.
        var relative = Path.GetRelativePath(Root, parent);
        var current = Root;
        foreach (var segment in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Join(current, segment);
            if (_knownDirectories.Contains(current))
                continue;
            switch (Kind(current))
            {
                case PathKind.Missing:
                    Directory.CreateDirectory(current);
                    break;
                case PathKind.Directory:
                    break;
                case PathKind.Link:
                    throw Illegal(entryName);
                default:
                    throw new TarExtractionException(TarExtractionError.TypeConflict,
                        $"cannot extract {entryName}: '{current}' exists and is not a directory");
            }
            _knownDirectories.Add(current);
        }
    }

    public void MarkDirectory(string fullPath) => _knownDirectories.Add(fullPath);

    /// <summary>What is at <paramref name="path"/>, counting a staged file as a file.</summary>
    public PathKind Kind(string path) => _staged.ContainsKey(path) ? PathKind.File : Probe(path);

    /// <summary>Moves the finished <paramref name="temp"/> to <paramref name="path"/>, now or at <see cref="Commit"/>.</summary>
    public void Place(string temp, string path, bool overwrite)
    {
        if (!_deferPlacement)
        {
            File.Move(temp, path, overwrite);
            return;
        }
        if (_staged.Remove(path, out var replaced))
            DeleteQuietly(replaced);
        _staged.Add(path, temp);
    }

    /// <summary>Moves every staged file into place and returns their destinations; on failure removes the rest.</summary>
    public IReadOnlyList<string> Commit(bool overwrite)
    {
        var placed = new List<string>(_staged.Count);
        try
        {
            foreach (var (path, temp) in _staged)
            {
                File.Move(temp, path, overwrite);
                placed.Add(path);
            }
        }
        catch
        {
            foreach (var temp in _staged.Values.Skip(placed.Count))
                DeleteQuietly(temp);
            throw;
        }
        finally
        {
            _staged.Clear();
        }
        return placed;
    }

    /// <summary>Removes every staged file: nothing at a destination is touched.</summary>
    public void Discard()
    {
        foreach (var temp in _staged.Values)
            DeleteQuietly(temp);
        _staged.Clear();
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>What is at <paramref name="path"/>, without following a final symlink.</summary>
    public static PathKind Probe(string path)
    {
        var info = new FileInfo(path);
        // LinkTarget reads the link itself (lstat), so a dangling link is still seen as a link.
        if (info.LinkTarget is not null)
            return PathKind.Link;
        info.Refresh();
        if (info.Exists)
            return (info.Attributes & FileAttributes.ReparsePoint) != 0 ? PathKind.Link : PathKind.File;
        if (Directory.Exists(path))
            return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0 ? PathKind.Link : PathKind.Directory;
        return PathKind.Missing;
    }

    /// <summary>
    /// The rule for a single file that replaces <paramref name="path"/> as a whole: true when an existing file stays
    /// (<c>-i</c>); an existing path without <c>-o</c>, or one that is not a regular file, is an error.
    /// </summary>
    public static bool KeepsExisting(string path, PathKind existing, bool overwrite, bool ignoreExisting)
    {
        if (existing == PathKind.Missing) return false;
        if (ignoreExisting) return true;
        if (!overwrite) throw new TarExtractionException(TarExtractionError.PathExists, $"path '{path}' already exists");
        if (existing != PathKind.File)
            throw new TarExtractionException(TarExtractionError.TypeConflict, $"path '{path}' already exists and is not a regular file");
        return false;
    }

    public static TarExtractionException Illegal(string entryName) =>
        new(TarExtractionError.IllegalPath, $"illegal file path {entryName}: outside target directory");
}
