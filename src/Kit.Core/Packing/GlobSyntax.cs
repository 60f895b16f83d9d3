namespace Kit.Core.Packing;

/// <summary>The syntax check Go's <c>filepath.Match</c> applies to a pattern (Unix rules).</summary>
/// <remarks>
/// moby/patternmatcher rejects a pattern exactly when <c>filepath.Match(pattern, ".")</c> reports
/// <c>ErrBadPattern</c>; since Go 1.16 that check covers the whole pattern, so it is a pure syntax test.
/// </remarks>
internal static class GlobSyntax
{
    public static bool IsValid(string pattern)
    {
        var pos = 0;
        while (pos < pattern.Length)
        {
            switch (pattern[pos])
            {
                case '\\':
                    if (pos + 1 >= pattern.Length)
                        return false;
                    pos += 2;
                    break;
                case '[':
                    if (!TrySkipClass(pattern, ref pos))
                        return false;
                    break;
                default:
                    pos++;
                    break;
            }
        }
        return true;
    }

    /// <summary>Skips a bracket expression starting at <paramref name="pos"/> (which points at <c>[</c>).</summary>
    internal static bool TrySkipClass(string pattern, ref int pos)
    {
        pos++;
        if (pos < pattern.Length && pattern[pos] == '^')
            pos++;
        var ranges = 0;
        while (true)
        {
            if (pos < pattern.Length && pattern[pos] == ']' && ranges > 0)
            {
                pos++;
                return true;
            }
            if (!TrySkipClassChar(pattern, ref pos, out _))
                return false;
            if (pattern[pos] == '-')
            {
                pos++;
                if (!TrySkipClassChar(pattern, ref pos, out _))
                    return false;
            }
            ranges++;
        }
    }

    /// <summary>Go's <c>getEsc</c>: one (possibly escaped) class character that must be followed by more pattern.</summary>
    internal static bool TrySkipClassChar(string pattern, ref int pos, out string character)
    {
        character = "";
        if (pos >= pattern.Length || pattern[pos] == '-' || pattern[pos] == ']')
            return false;
        if (pattern[pos] == '\\')
        {
            pos++;
            if (pos >= pattern.Length)
                return false;
        }
        var width = char.IsHighSurrogate(pattern[pos]) && pos + 1 < pattern.Length && char.IsLowSurrogate(pattern[pos + 1]) ? 2 : 1;
        character = pattern.Substring(pos, width);
        pos += width;
        return pos < pattern.Length;
    }
}
