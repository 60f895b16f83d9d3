using System.Globalization;
using System.Text;

namespace Kit.Cli.Output.Templates;

/// <summary>
/// The part of Go's <c>fmt.Sprintf</c> templates use: verbs <c>%v %s %d %q %t %x %X %%</c> with flags <c>- 0 + space</c>,
/// width and precision (a string's maximum length); a verb that does not fit its value prints Go's <c>%!d(string=x)</c>.
/// </summary>
internal static class GoPrintf
{
    public static string Format(string format, IReadOnlyList<TemplateValue> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                continue;
            }
            if (++i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            bool minus = false, zero = false, plus = false, space = false;
            for (; i < format.Length && format[i] is '-' or '0' or '+' or ' ' or '#'; i++)
            {
                minus |= format[i] == '-';
                zero |= format[i] == '0';
                plus |= format[i] == '+';
                space |= format[i] == ' ';
            }
            var width = ReadNumber(format, ref i);
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i) ?? 0;
            }
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            var verb = format[i];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (next >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            var text = Verb(verb, args[next++], precision, plus, space);
            if (width is { } w && text.Length < w)
                text = minus ? text.PadRight(w) : zero && verb is 'd' or 'x' or 'X' && !text.StartsWith("%!", StringComparison.Ordinal) ? ZeroPad(text, w) : text.PadLeft(w);
            sb.Append(text);
        }
        if (next < args.Count)
            sb.Append("%!(EXTRA ").Append(string.Join(", ", args.Skip(next).Select(a => $"{a.TypeName}={a}"))).Append(')');
        return sb.ToString();
    }

    private static string Verb(char verb, TemplateValue value, int? precision, bool plus, bool space)
    {
        switch (verb)
        {
            case 'v' or 's' when value.Kind != TemplateKind.Int || verb == 'v':
                var s = value.ToString();
                return precision is { } p && value.Kind == TemplateKind.String && s.Length > p ? s[..p] : s;
            case 'd' when value.Kind == TemplateKind.Int:
                var d = value.Int.ToString(CultureInfo.InvariantCulture);
                return value.Int >= 0 && plus ? "+" + d : value.Int >= 0 && space ? " " + d : d;
            case 'q' when value.Kind == TemplateKind.String:
                return Quote(value.Str);
            case 't' when value.Kind == TemplateKind.Bool:
                return value.Bool ? "true" : "false";
            case 'x' or 'X' when value.Kind == TemplateKind.Int:
                var hex = Math.Abs(value.Int).ToString(verb == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
                return value.Int < 0 ? "-" + hex : hex;
            case 'x' or 'X' when value.Kind == TemplateKind.String:
                var bytes = Convert.ToHexString(Encoding.UTF8.GetBytes(value.Str));
                return verb == 'x' ? bytes.ToLowerInvariant() : bytes;
            default:
                return $"%!{verb}({value.TypeName}={value})";
        }
    }

    private static int? ReadNumber(string format, ref int i)
    {
        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i])) i++;
        return i > start ? int.Parse(format.AsSpan(start, i - start), CultureInfo.InvariantCulture) : null;
    }

    private static string ZeroPad(string text, int width) =>
        text.StartsWith('-') ? "-" + text[1..].PadLeft(width - 1, '0') : text.PadLeft(width, '0');

    /// <summary>Go's <c>strconv.Quote</c> for the characters names and tags contain.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ' or '\x7f': sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
