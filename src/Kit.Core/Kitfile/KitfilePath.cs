namespace Kit.Core.Kitfiles;

/// <summary>Kitfile paths are relative, slash-separated and compared after lexical cleaning.</summary>
internal static class KitfilePath
{
    /// <summary>
    /// Go's path.Clean: collapse slashes, drop <c>.</c> elements, resolve <c>..</c> lexically, strip the
    /// trailing slash; the empty path is <c>.</c> (KitOps treats an empty layer path as the whole context).
    /// </summary>
    public static string Clean(string path)
    {
        if (path.Length == 0) return ".";
        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }
}
