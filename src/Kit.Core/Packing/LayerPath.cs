namespace Kit.Core.Packing;

/// <summary>Normalises Kitfile layer paths the way KitOps compares them (trimmed, Go-cleaned, <c>/</c>-separated).</summary>
internal static class LayerPath
{
    /// <summary><c>./x</c>, <c>x/</c> and <c>x</c> all become <c>x</c>; the context itself is <c>.</c>.</summary>
    public static string Clean(string path) => GoPath.Clean(ToSlash(path.Trim()));

    /// <summary>Cleans a layer path and rejects one that leaves the context directory.</summary>
    /// <remarks>KitOps silently packs an empty layer for <c>../x</c>; failing loudly avoids a kit that lacks its data.</remarks>
    /// <exception cref="PackingException">The path is absolute or escapes the context.</exception>
    public static string Normalize(string path)
    {
        var cleaned = Clean(path);
        if (cleaned.StartsWith('/') || Path.IsPathRooted(path.Trim()))
            throw new PackingException($"layer path {path} is absolute: layer paths must be relative to the context directory");
        if (cleaned == ".." || cleaned.StartsWith("../", StringComparison.Ordinal))
            throw new PackingException($"layer path {path} is outside the context directory");
        return cleaned;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="dir"/> or inside it, by whole path segments.</summary>
    public static bool IsWithin(string path, string dir) => GoPath.IsWithin(path, dir);

    private static string ToSlash(string path) =>
        Path.DirectorySeparatorChar == '/' ? path : path.Replace(Path.DirectorySeparatorChar, '/');
}
