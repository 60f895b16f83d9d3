using System.Globalization;
using System.Text;

namespace Kit.Core.Formatting;

/// <summary>
/// Makes any text safe to print as one line: control characters (including CR, LF and ESC, which could rewrite the
/// terminal or fake a second log line) are escaped as Go's <c>%q</c> does, and very long text is cut.
/// </summary>
internal static class MessageText
{
    /// <summary>The longest line kit prints for one message; a Kitfile with 300,000 problems does not make a 10 MB line.</summary>
    public const int MaxLength = 4096;

    public static string Escape(string text)
    {
        var cut = text.Length > MaxLength;
        var span = cut ? text.AsSpan(0, MaxLength) : text.AsSpan();
        if (!cut && !NeedsEscape(span)) return text;
        var sb = new StringBuilder(span.Length + 16);
        foreach (var c in span)
        {
            switch (c)
            {
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '\u007f': sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                case >= '\u0080' and <= '\u009f': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        if (cut) sb.Append(CultureInfo.InvariantCulture, $"... ({text.Length - MaxLength} more characters)");
        return sb.ToString();
    }

    private static bool NeedsEscape(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
            if (c < ' ' || c is >= '\u007f' and <= '\u009f') return true;
        return false;
    }
}
