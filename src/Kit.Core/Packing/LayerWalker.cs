using System.Text;

namespace Kit.Core.Packing;

/// <summary>Decides which files and directories a layer contains, in the order KitOps writes them.</summary>
internal static class LayerWalker
{
    /// <summary>
    /// Walks <paramref name="contextDir"/> depth-first, children sorted byte-wise by name, keeping the layer path,
    /// everything inside it and its ancestor directories, minus what <paramref name="rules"/> ignores.
    /// </summary>
    /// <param name="contextDir">The pack context directory.</param>
    /// <param name="layerPath">The layer path from the Kitfile, relative to the context.</param>
    /// <param name="rules">.kitignore plus the paths of all layers of the kit.</param>
    /// <param name="warn">Receives each warning as it happens (also collected in <see cref="LayerPlan.Warnings"/>).</param>
    /// <exception cref="PackingException">The layer path escapes the context, does not exist, or a directory cannot be read.</exception>
    public static LayerPlan Plan(string contextDir, string layerPath, LayerIgnoreRules rules, Action<string>? warn = null)
    {
        var layer = LayerPath.Normalize(layerPath);
        var root = Path.GetFullPath(contextDir);
        var layerFullPath = layer == "." ? root : Path.Combine(root, layer);
        if (!File.Exists(layerFullPath) && !Directory.Exists(layerFullPath))
            throw new PackingException($"path {layer} does not exist");
        RefuseLinkOutOfContext(root, layer);

        var walk = new Walk(layer, rules, warn);
        walk.Visit(new DirectoryInfo(root), "");
        return new LayerPlan(layer, walk.Entries, rules.IsIgnored(layer, layer), walk.Warnings);
    }

    /// <summary>
    /// The plan of a raw layer: the layer path itself, which must be one regular file (checked without following a
    /// symlink). <c>.kitignore</c> does not apply, as in KitOps, since the file is named explicitly.
    /// </summary>
    /// <exception cref="PackingException">The path escapes the context, does not exist, or is not a regular file.</exception>
    public static LayerPlan PlanFile(string contextDir, string layerPath)
    {
        var layer = LayerPath.Normalize(layerPath);
        var root = Path.GetFullPath(contextDir);
        var full = layer == "." ? root : Path.Combine(root, layer);
        var info = new FileInfo(full);
        if (!info.Exists && !Directory.Exists(full) && info.LinkTarget is null)
            throw new PackingException($"path {layer} does not exist");
        RefuseLinkOutOfContext(root, layer);
        if (!info.Exists || info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint)
            || (FileStatus.TryRead(full, out var status) && !status.IsRegularFile))
            throw new PackingException($"file {layer} is not a regular file");
        return new LayerPlan(layer, [new LayerEntry(layer, info.FullName, false, Walk.ModeOf(info), info.Length)], false, []);
    }

    /// <summary>
    /// A layer path that is, or goes through, a symbolic link leading out of the context names files outside it: an
    /// error, as for <c>../x</c> (the walk skips links, so it would otherwise pack an empty layer).
    /// </summary>
    private static void RefuseLinkOutOfContext(string root, string layer)
    {
        if (layer == ".") return;
        var current = root;
        foreach (var segment in layer.Split('/'))
        {
            current = Path.Combine(current, segment);
            var info = new FileInfo(current);
            if (info.LinkTarget is null) continue;
            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.LinkTarget;
            var resolved = Path.GetFullPath(target, Path.GetDirectoryName(current)!);
            var relative = Path.GetRelativePath(root, resolved);
            if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
                throw new PackingException($"layer path {layer} goes through the symbolic link {Path.GetRelativePath(root, current)} to {resolved}, outside the context directory");
        }
    }

    private sealed class Walk(string layer, LayerIgnoreRules rules, Action<string>? warn)
    {
        public List<LayerEntry> Entries { get; } = [];

        public List<string> Warnings { get; } = [];

        public void Visit(DirectoryInfo directory, string relativeDir)
        {
            FileSystemInfo[] children;
            try
            {
                children = directory.GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new PackingException($"failed to read directory {(relativeDir.Length == 0 ? "." : relativeDir)}: {Formatting.FileSystemMessages.Describe(e, directory.FullName)}", e);
            }
            Array.Sort(children, Utf8NameComparer.Instance);

            foreach (var child in children)
            {
                var name = relativeDir.Length == 0 ? child.Name : relativeDir + "/" + child.Name;
                if (!InLayerTree(name))
                    continue;

                var ignored = rules.IsIgnored(name, layer);
                // The attribute comes from the cached lstat; LinkTarget would cost a readlink per entry.
                if (child.Attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    if (!ignored)
                        Warn($"skipping symlink {name}");
                    continue;
                }

                if (child is DirectoryInfo dir)
                {
                    if (ignored && !rules.KitIgnore.HasExclusions)
                        continue;
                    if (!ignored)
                        Entries.Add(new LayerEntry(name, dir.FullName, true, ModeOf(dir), 0));
                    Visit(dir, name);
                }
                else if (child is FileInfo file && !ignored && !(file.Length == 0 && SpecialFile.IsSpecial(file.FullName)))
                {
                    Entries.Add(new LayerEntry(name, file.FullName, false, ModeOf(file), file.Length));
                }
            }
        }

        /// <summary>The path is the layer path, inside it, or one of its ancestors, compared by whole segments.</summary>
        private bool InLayerTree(string path) => LayerPath.IsWithin(path, layer) || LayerPath.IsWithin(layer, path);

        private void Warn(string message)
        {
            Warnings.Add(message);
            warn?.Invoke(message);
        }

        public static int ModeOf(FileSystemInfo info)
        {
            if (OperatingSystem.IsWindows())
            {
                // Go on Windows reports 0777 for directories and 0666 (0444 when read-only) for files.
                if (info is DirectoryInfo)
                    return 0x1FF; // 0777
                return info.Attributes.HasFlag(FileAttributes.ReadOnly) ? 0x124 : 0x1B6; // 0444 : 0666
            }
            return (int)info.UnixFileMode;
        }
    }

    /// <summary>Go sorts directory entries by their UTF-8 bytes, which differs from UTF-16 ordinal order above U+D7FF.</summary>
    private sealed class Utf8NameComparer : IComparer<FileSystemInfo>
    {
        public static readonly Utf8NameComparer Instance = new();

        public int Compare(FileSystemInfo? x, FileSystemInfo? y)
        {
            var a = Encoding.UTF8.GetBytes(x!.Name);
            var b = Encoding.UTF8.GetBytes(y!.Name);
            return a.AsSpan().SequenceCompareTo(b);
        }
    }
}
