using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Core.Packing;

/// <summary>One compiled <c>.kitignore</c> pattern, matched the way moby/patternmatcher v0.6.0 matches it.</summary>
/// <remarks>
/// patternmatcher classifies a pattern as exact, prefix (<c>x/**</c>), suffix (<c>**/x</c>) or regexp and
/// the classes do not agree on every input (e.g. <c>a**</c> is a plain string prefix, so it also matches
/// <c>abc</c>); the classification is reproduced rather than "fixed" so ignore decisions stay identical.
/// </remarks>
internal sealed class IgnorePattern
{
    private enum MatchKind { Exact, Prefix, Suffix, Regex }

    private readonly MatchKind _kind;
    private readonly Regex? _regex;

    private IgnorePattern(string cleaned, bool exclusion, MatchKind kind, Regex? regex)
    {
        Cleaned = cleaned;
        IsExclusion = exclusion;
        _kind = kind;
        _regex = regex;
    }

    /// <summary>The pattern after cleaning, without the leading <c>!</c>.</summary>
    public string Cleaned { get; }

    public bool IsExclusion { get; }

    /// <summary>Parses one pattern as <c>patternmatcher.New</c> does; returns null for blank input.</summary>
    public static IgnorePattern? Create(string raw)
    {
        var trimmed = raw.Trim();
        if (trimmed.Length == 0)
            return null;
        var text = GoPath.Clean(trimmed);

        var exclusion = false;
        if (text[0] == '!')
        {
            if (text.Length == 1)
                throw new KitIgnoreException("illegal exclusion pattern: \"!\"");
            exclusion = true;
            text = text[1..];
        }

        if (!GlobSyntax.IsValid(text))
            throw new KitIgnoreException("syntax error in pattern");

        var (kind, regexSource) = Classify(text);
        Regex? regex = null;
        if (kind == MatchKind.Regex)
        {
            try
            {
                // NonBacktracking keeps "**/**/**" patterns linear on deep paths.
                regex = new Regex(regexSource, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (ArgumentException)
            {
                throw new KitIgnoreException("syntax error in pattern");
            }
        }
        return new IgnorePattern(text, exclusion, kind, regex);
    }

    public bool Matches(string path) => _kind switch
    {
        MatchKind.Exact => path == Cleaned,
        MatchKind.Prefix => path.StartsWith(Cleaned[..^2], StringComparison.Ordinal),
        MatchKind.Suffix => MatchesSuffix(path),
        _ => _regex!.IsMatch(path),
    };

    private bool MatchesSuffix(string path)
    {
        var suffix = Cleaned[2..];
        if (path.EndsWith(suffix, StringComparison.Ordinal))
            return true;
        // "**/foo" also matches a top-level "foo".
        return suffix.Length > 0 && suffix[0] == '/' && path == suffix[1..];
    }

    private static (MatchKind Kind, string Regex) Classify(string pattern)
    {
        var regex = new StringBuilder(@"\A");
        var kind = MatchKind.Exact;
        var pos = 0;
        for (var iteration = 0; pos < pattern.Length; iteration++)
        {
            var ch = pattern[pos++];
            switch (ch)
            {
                case '*' when pos < pattern.Length && pattern[pos] == '*':
                    pos++;
                    if (pos < pattern.Length && pattern[pos] == '/')
                        pos++;
                    if (pos == pattern.Length)
                    {
                        if (kind == MatchKind.Exact)
                        {
                            kind = MatchKind.Prefix;
                        }
                        else
                        {
                            regex.Append(".*");
                            kind = MatchKind.Regex;
                        }
                    }
                    else
                    {
                        regex.Append("(?:.*/)?");
                        kind = MatchKind.Regex;
                    }
                    if (iteration == 0)
                        kind = MatchKind.Suffix;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    kind = MatchKind.Regex;
                    break;
                case '?':
                    regex.Append("[^/]");
                    kind = MatchKind.Regex;
                    break;
                case '\\':
                    // Validation guarantees a following character; "\x" always means a literal x here.
                    AppendLiteral(regex, pattern[pos++]);
                    kind = MatchKind.Regex;
                    break;
                case '[':
                    pos = AppendClass(regex, pattern, pos - 1);
                    kind = MatchKind.Regex;
                    break;
                case ']':
                    regex.Append(@"\]");
                    kind = MatchKind.Regex;
                    break;
                default:
                    AppendLiteral(regex, ch);
                    break;
            }
        }
        regex.Append(@"\z");
        return (kind, regex.ToString());
    }

    /// <summary>Translates a validated <c>[...]</c> expression; returns the position after its <c>]</c>.</summary>
    private static int AppendClass(StringBuilder regex, string pattern, int start)
    {
        var pos = start + 1;
        regex.Append('[');
        if (pattern[pos] == '^')
        {
            regex.Append('^');
            pos++;
        }
        var ranges = 0;
        while (!(pattern[pos] == ']' && ranges > 0))
        {
            GlobSyntax.TrySkipClassChar(pattern, ref pos, out var lo);
            AppendClassChar(regex, lo);
            if (pattern[pos] == '-')
            {
                pos++;
                GlobSyntax.TrySkipClassChar(pattern, ref pos, out var hi);
                regex.Append('-');
                AppendClassChar(regex, hi);
            }
            ranges++;
        }
        regex.Append(']');
        return pos + 1;
    }

    private static void AppendClassChar(StringBuilder regex, string character)
    {
        if (character.Length == 1)
            AppendLiteral(regex, character[0]);
        else
            regex.Append(character);
    }

    private static void AppendLiteral(StringBuilder regex, char ch)
    {
        // Escaping every ASCII non-alphanumeric is always literal in .NET; escaping a letter would not be.
        if (ch < 0x80 && !char.IsAsciiLetterOrDigit(ch))
            regex.Append('\\');
        regex.Append(ch);
    }
}
