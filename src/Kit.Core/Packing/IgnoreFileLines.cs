namespace Kit.Core.Packing;

/// <summary>Turns the text of an ignore file into patterns, like moby/patternmatcher's <c>ignorefile.ReadAll</c>.</summary>
internal static class IgnoreFileLines
{
    public static IReadOnlyList<string> Read(string text)
    {
        var patterns = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.EndsWith('\r'))
                line = line[..^1];
            if (i == 0 && line.StartsWith('\uFEFF'))
                line = line[1..];

            // Only a '#' in the very first column starts a comment; "  # x" is a pattern.
            if (line.StartsWith('#'))
                continue;
            var pattern = line.Trim();
            if (pattern.Length == 0)
                continue;

            var invert = pattern[0] == '!';
            if (invert)
                pattern = pattern[1..].Trim();
            if (pattern.Length > 0)
            {
                pattern = GoPath.Clean(ToSlash(pattern));
                // Patterns are anchored at the context root anyway, so a leading '/' carries no meaning.
                if (pattern.Length > 1 && pattern[0] == '/')
                    pattern = pattern[1..];
            }
            patterns.Add(invert ? "!" + pattern : pattern);
        }
        return patterns;
    }

    private static string ToSlash(string pattern) =>
        Path.DirectorySeparatorChar == '/' ? pattern : pattern.Replace(Path.DirectorySeparatorChar, '/');
}
