using System.Globalization;
using System.Text;

namespace Kit.Core.Kitfiles;

internal enum YamlStyle { Plain, SingleQuoted, DoubleQuoted, Literal }

/// <summary>
/// How yaml.v3 writes a string: its encoder's stringv() choice refined by the libyaml emitter's scalar
/// analysis (yaml_emitter_analyze_scalar / select_scalar_style), so output matches KitOps and re-reads
/// as the same string. Characters outside the BMP are not "printable" to libyaml, hence escaped.
/// </summary>
internal static class YamlScalarStyle
{
    public static YamlStyle Choose(string s, bool flow, bool simpleKey)
    {
        var canUsePlain = YamlPlainScalar.Resolve(s).Kind == YamlScalarKind.String && !YamlPlainScalar.IsOldBoolOrBase60(s);
        var style = s.Contains('\n', StringComparison.Ordinal)
            ? flow ? YamlStyle.DoubleQuoted : YamlStyle.Literal
            : canUsePlain ? YamlStyle.Plain : YamlStyle.DoubleQuoted;

        // yaml.v3 writes a "<<" key plain, which then re-reads as a merge key; quote it.
        if (simpleKey && s == "<<") return YamlStyle.DoubleQuoted;

        var a = Analysis.Of(s);
        // Deviation: libyaml would single-quote some strings with U+2028/U+2029/U+0085 line breaks;
        // double quotes with escapes are unambiguous and re-read identically.
        if (a.UnicodeBreaks) return YamlStyle.DoubleQuoted;
        if (simpleKey && a.Multiline) return YamlStyle.DoubleQuoted;
        if (style == YamlStyle.Plain)
        {
            if (flow ? !a.FlowPlainAllowed : !a.BlockPlainAllowed) style = YamlStyle.SingleQuoted;
            if (s.Length == 0 && (flow || simpleKey)) style = YamlStyle.SingleQuoted;
        }
        if (style == YamlStyle.SingleQuoted && !a.SingleQuotedAllowed) style = YamlStyle.DoubleQuoted;
        if (style == YamlStyle.Literal && (!a.BlockAllowed || flow || simpleKey)) style = YamlStyle.DoubleQuoted;
        return style;
    }

    /// <summary>A scalar written on one line (any style but literal).</summary>
    public static string Inline(string s, YamlStyle style) => style switch
    {
        YamlStyle.Plain => s,
        YamlStyle.SingleQuoted => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        YamlStyle.DoubleQuoted => DoubleQuoted(s),
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };

    /// <summary>The literal block header after the key: <c>|</c>, chomping and, for a leading space or break, an indentation hint.</summary>
    public static string LiteralHeader(string s, out bool keepChomping)
    {
        var sb = new StringBuilder("|");
        if (s.Length > 0 && s[0] is ' ' or '\n') sb.Append('2');
        keepChomping = false;
        if (s.Length == 0 || s[^1] != '\n') sb.Append('-');
        else if (s.Length == 1 || s[^2] == '\n')
        {
            sb.Append('+');
            keepChomping = true;
        }
        return sb.ToString();
    }

    private static string DoubleQuoted(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            var v = rune.Value;
            if (IsPrintable(v) && v != 0xFEFF && !IsBreak(v) && v is not ('"' or '\\'))
            {
                sb.Append(rune.ToString());
                continue;
            }
            sb.Append('\\');
            switch (v)
            {
                case 0x00: sb.Append('0'); break;
                case 0x07: sb.Append('a'); break;
                case 0x08: sb.Append('b'); break;
                case 0x09: sb.Append('t'); break;
                case 0x0A: sb.Append('n'); break;
                case 0x0B: sb.Append('v'); break;
                case 0x0C: sb.Append('f'); break;
                case 0x0D: sb.Append('r'); break;
                case 0x1B: sb.Append('e'); break;
                case 0x22: sb.Append('"'); break;
                case 0x5C: sb.Append('\\'); break;
                case 0x85: sb.Append('N'); break;
                case 0xA0: sb.Append('_'); break;
                case 0x2028: sb.Append('L'); break;
                case 0x2029: sb.Append('P'); break;
                default:
                    if (v <= 0xFF) sb.Append('x').Append(v.ToString("X2", CultureInfo.InvariantCulture));
                    else if (v <= 0xFFFF) sb.Append('u').Append(v.ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append('U').Append(v.ToString("X8", CultureInfo.InvariantCulture));
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static bool IsPrintable(int c) =>
        c == 0x0A || c is >= 0x20 and <= 0x7E || c is >= 0xA0 and <= 0xD7FF || c is >= 0xE000 and <= 0xFFFD && c != 0xFEFF;

    private static bool IsBreak(int c) => c is '\r' or '\n' or 0x85 or 0x2028 or 0x2029;

    private readonly record struct Analysis(
        bool Multiline, bool FlowPlainAllowed, bool BlockPlainAllowed, bool SingleQuotedAllowed, bool BlockAllowed, bool UnicodeBreaks)
    {
        public static Analysis Of(string s)
        {
            if (s.Length == 0) return new(false, false, true, true, false, false);
            var runes = s.EnumerateRunes().Select(r => r.Value).ToArray();
            bool blockIndicators = false, flowIndicators = false, lineBreaks = false, special = false, tabs = false;
            bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
            bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
            var unicodeBreaks = false;
            if (s.StartsWith("---", StringComparison.Ordinal) || s.StartsWith("...", StringComparison.Ordinal))
                blockIndicators = flowIndicators = true;
            var precededByWhitespace = true;
            for (var i = 0; i < runes.Length; i++)
            {
                var c = runes[i];
                var followedByWhitespace = i + 1 >= runes.Length || runes[i + 1] is ' ' or '\t';
                if (i == 0)
                {
                    switch (c)
                    {
                        case '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`':
                            flowIndicators = blockIndicators = true;
                            break;
                        case '?' or ':':
                            flowIndicators = true;
                            if (followedByWhitespace) blockIndicators = true;
                            break;
                        case '-':
                            if (followedByWhitespace) flowIndicators = blockIndicators = true;
                            break;
                    }
                }
                else
                {
                    switch (c)
                    {
                        case ',' or '?' or '[' or ']' or '{' or '}':
                            flowIndicators = true;
                            break;
                        case ':':
                            flowIndicators = true;
                            if (followedByWhitespace) blockIndicators = true;
                            break;
                        case '#':
                            if (precededByWhitespace) flowIndicators = blockIndicators = true;
                            break;
                    }
                }
                if (c == '\t') tabs = true;
                else if (!IsPrintable(c)) special = true;
                if (c == ' ')
                {
                    if (i == 0) leadingSpace = true;
                    if (i == runes.Length - 1) trailingSpace = true;
                    if (previousBreak) breakSpace = true;
                    previousSpace = true;
                    previousBreak = false;
                }
                else if (IsBreak(c))
                {
                    lineBreaks = true;
                    if (c is 0x85 or 0x2028 or 0x2029) unicodeBreaks = true;
                    if (i == 0) leadingBreak = true;
                    if (i == runes.Length - 1) trailingBreak = true;
                    if (previousSpace) spaceBreak = true;
                    previousSpace = false;
                    previousBreak = true;
                }
                else
                {
                    previousSpace = previousBreak = false;
                }
                precededByWhitespace = c is ' ' or '\t' or 0 || IsBreak(c);
            }

            bool flowPlain = true, blockPlain = true, single = true, block = true;
            if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
            if (trailingSpace) block = false;
            if (breakSpace) flowPlain = blockPlain = single = false;
            if (spaceBreak || tabs || special) flowPlain = blockPlain = single = false;
            if (spaceBreak || special) block = false;
            if (lineBreaks) flowPlain = blockPlain = false;
            if (flowIndicators) flowPlain = false;
            if (blockIndicators) blockPlain = false;
            return new(lineBreaks, flowPlain, blockPlain, single, block, unicodeBreaks);
        }
    }
}
