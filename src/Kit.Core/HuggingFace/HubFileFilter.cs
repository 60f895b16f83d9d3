using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Core.HuggingFace;

/// <summary>
/// <c>kit import --include/--exclude</c>: glob patterns matched against whole path segments. <c>*</c> and <c>?</c>
/// stay inside one segment, <c>**</c> crosses them, a pattern without <c>/</c> matches a name at any depth, and a
/// pattern that matches a directory matches everything below it. A file is kept when it matches an include (or
/// none are given) and no exclude.
/// </summary>
internal sealed class HubFileFilter(IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
{
    private readonly Regex[] _includes = [.. includes.Select(Compile)];
    private readonly Regex[] _excludes = [.. excludes.Select(Compile)];

    public bool Keeps(string path) =>
        (_includes.Length == 0 || _includes.Any(p => Matches(p, path))) && !_excludes.Any(p => Matches(p, path));

    /// <summary>The path itself or one of its parent directories matches.</summary>
    private static bool Matches(Regex pattern, string path)
    {
        if (pattern.IsMatch(path)) return true;
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            if (pattern.IsMatch(path[..slash])) return true;
        }
        return false;
    }

    private static Regex Compile(string glob)
    {
        var pattern = glob.Trim().Trim('/');
        if (!pattern.Contains('/', StringComparison.Ordinal)) pattern = "**/" + pattern;
        var regex = new StringBuilder(@"\A");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') regex.Append("[^/]*");
            else if (c == '?') regex.Append("[^/]");
            else regex.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(regex.Append(@"\z").ToString(), RegexOptions.CultureInvariant);
    }
}
