using System.Text;

namespace Kit.Core.Packing;

/// <summary>Go's <c>path.Clean</c> and <c>path.Dir</c> for slash-separated paths.</summary>
/// <remarks>
/// KitOps cleans .kitignore patterns and layer paths with Go's lexical rules; matching them with any other
/// normalisation (e.g. <see cref="Path.GetFullPath(string)"/>) would change which files are ignored.
/// </remarks>
internal static class GoPath
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
            return ".";

        var rooted = path[0] == '/';
        var n = path.Length;
        var output = new StringBuilder(n);
        var r = 0;
        var dotdot = 0;
        if (rooted)
        {
            output.Append('/');
            r = 1;
            dotdot = 1;
        }

        while (r < n)
        {
            if (path[r] == '/')
            {
                r++;
            }
            else if (path[r] == '.' && (r + 1 == n || path[r + 1] == '/'))
            {
                r++;
            }
            else if (path[r] == '.' && path[r + 1] == '.' && (r + 2 == n || path[r + 2] == '/'))
            {
                r += 2;
                if (output.Length > dotdot)
                {
                    var w = output.Length - 1;
                    while (w > dotdot && output[w] != '/')
                        w--;
                    output.Length = w;
                }
                else if (!rooted)
                {
                    if (output.Length > 0)
                        output.Append('/');
                    output.Append("..");
                    dotdot = output.Length;
                }
            }
            else
            {
                if ((rooted && output.Length != 1) || (!rooted && output.Length != 0))
                    output.Append('/');
                while (r < n && path[r] != '/')
                    output.Append(path[r++]);
            }
        }

        return output.Length == 0 ? "." : output.ToString();
    }

    public static string Dir(string path)
    {
        var slash = path.LastIndexOf('/');
        return Clean(path[..(slash + 1)]);
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="dir"/> or lies below it, compared by whole segments.</summary>
    /// <remarks>Segment-wise on purpose: KitOps' raw string prefix made layer <c>model</c> swallow <c>modelcard.md</c>.</remarks>
    public static bool IsWithin(string path, string dir) =>
        dir == "." || path == dir || (path.Length > dir.Length && path[dir.Length] == '/' && path.StartsWith(dir, StringComparison.Ordinal));
}
