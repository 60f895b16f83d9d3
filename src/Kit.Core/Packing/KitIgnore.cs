using System.Text;

namespace Kit.Core.Packing;

/// <summary>
/// The rules of a context's <c>.kitignore</c> plus KitOps' built-in patterns, evaluated like
/// moby/patternmatcher's <c>MatchesOrParentMatches</c>.
/// </summary>
internal sealed class KitIgnore
{
    public const string FileName = ".kitignore";

    /// <summary>Appended after the user's patterns, so a user <c>!Kitfile</c> cannot re-include them.</summary>
    public static IReadOnlyList<string> BuiltInPatterns { get; } = ["Kitfile", "kitfile", ".kitfile", FileName];

    private readonly IgnorePattern[] _patterns;

    private KitIgnore(IgnorePattern[] patterns)
    {
        _patterns = patterns;
        HasExclusions = patterns.Any(p => p.IsExclusion);
    }

    /// <summary>True when any pattern starts with <c>!</c>; then ignored directories must still be descended.</summary>
    public bool HasExclusions { get; }

    /// <summary>The effective patterns in evaluation order, cleaned, exclusions prefixed with <c>!</c>.</summary>
    public IReadOnlyList<string> Patterns => _patterns.Select(p => p.IsExclusion ? "!" + p.Cleaned : p.Cleaned).ToArray();

    /// <summary>Only the built-in patterns: a context without a <c>.kitignore</c>.</summary>
    public static KitIgnore Default { get; } = FromPatterns([]);

    /// <summary>Reads <c>&lt;contextDir&gt;/.kitignore</c>; a missing file means no user patterns.</summary>
    public static KitIgnore Load(string contextDir)
    {
        var path = Path.Combine(contextDir, FileName);
        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(false));
        }
        catch (FileNotFoundException)
        {
            return Default;
        }
        catch (DirectoryNotFoundException)
        {
            return Default;
        }
        return Parse(text);
    }

    /// <summary>Parses the text of a <c>.kitignore</c> file.</summary>
    /// <exception cref="KitIgnoreException">An illegal exclusion or malformed pattern.</exception>
    public static KitIgnore Parse(string fileText) => FromPatterns(IgnoreFileLines.Read(fileText));

    /// <summary>Builds the matcher from patterns as already read from an ignore file (built-ins are appended).</summary>
    public static KitIgnore FromPatterns(IEnumerable<string> patterns)
    {
        var compiled = new List<IgnorePattern>();
        foreach (var raw in patterns.Concat(BuiltInPatterns))
        {
            if (IgnorePattern.Create(raw) is { } pattern)
                compiled.Add(pattern);
        }
        return new KitIgnore([.. compiled]);
    }

    /// <summary>Whether <paramref name="path"/> (relative to the context, <c>/</c>-separated) or any of its parent directories is ignored.</summary>
    public bool IsIgnored(string path)
    {
        var file = GoPath.Clean(path);
        var parent = GoPath.Dir(file);
        var ignored = false;

        foreach (var pattern in _patterns)
        {
            // Last applicable match wins: inclusions only count while not ignored, exclusions only while ignored.
            if (pattern.IsExclusion != ignored)
                continue;

            var match = pattern.Matches(file);
            if (!match && parent != ".")
                match = AnyAncestorMatches(pattern, parent);

            if (match)
                ignored = !pattern.IsExclusion;
        }
        return ignored;
    }

    /// <summary>Tests every ancestor directory of a path, shortest first (<c>a</c>, <c>a/b</c>, ...).</summary>
    private static bool AnyAncestorMatches(IgnorePattern pattern, string parent)
    {
        for (var slash = parent.IndexOf('/'); slash >= 0; slash = parent.IndexOf('/', slash + 1))
        {
            if (pattern.Matches(parent[..slash]))
                return true;
        }
        return pattern.Matches(parent);
    }
}
