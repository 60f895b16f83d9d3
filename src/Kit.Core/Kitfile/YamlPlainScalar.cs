using System.Globalization;
using System.Text.RegularExpressions;

namespace Kit.Core.Kitfiles;

internal enum YamlScalarKind { String, Null, Bool, Int, Float, Timestamp }

/// <summary>What an untagged plain scalar resolves to, following yaml.v3's resolve() (the decoder KitOps uses).</summary>
internal readonly record struct ResolvedScalar(YamlScalarKind Kind, ParameterValue? Value)
{
    public static readonly ResolvedScalar Str = new(YamlScalarKind.String, null);
}

/// <summary>
/// yaml.v3 plain-scalar resolution. Notable differences from YAML 1.2 core that KitOps inherits:
/// <c>yes/no/on/off</c> are strings, <c>0777</c> is octal, underscores are ignored in numbers,
/// <c>0b-101</c> is -5, and integers that overflow 64 bits fall back to floats.
/// </summary>
internal static partial class YamlPlainScalar
{
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DotFloat();

    // Go's time.Parse layouts "2006-1-2T15:4:5.999999999Z07:00", its lower-case-t twin,
    // "2006-1-2 15:4:5.999999999" and "2006-1-2".
    [GeneratedRegex(@"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})| (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Base60Float();

    public static ResolvedScalar Resolve(string s)
    {
        var hint = s.Length == 0 ? 'N' : s[0] switch
        {
            '+' or '-' => 'S',
            >= '0' and <= '9' => 'D',
            'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
            '.' => '.',
            _ => '\0',
        };
        if (hint == '\0') return ResolvedScalar.Str;

        switch (s)
        {
            case "true" or "True" or "TRUE": return new(YamlScalarKind.Bool, new ParameterBool(true));
            case "false" or "False" or "FALSE": return new(YamlScalarKind.Bool, new ParameterBool(false));
            case "" or "~" or "null" or "Null" or "NULL": return new(YamlScalarKind.Null, ParameterNull.Instance);
            case ".nan" or ".NaN" or ".NAN" or ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF"
                or "-.inf" or "-.Inf" or "-.INF":
                return new(YamlScalarKind.Float, null);
        }

        if (hint == '.')
            return DotFloat().IsMatch(s) && TryFloat(s, out var dot) ? Float(dot) : ResolvedScalar.Str;
        if (hint is not ('D' or 'S')) return ResolvedScalar.Str;

        if (IsTimestamp(s)) return new(YamlScalarKind.Timestamp, new ParameterString(s));

        var plain = s.Replace("_", "", StringComparison.Ordinal);
        if (TryParseGoInt(plain, out var l)) return Int(ParameterNumber.FromInteger(l));
        if (TryParseGoUint(plain, out var u)) return Int(ParameterNumber.FromInteger(u));
        if (YamlStyleFloat().IsMatch(plain) && TryFloat(plain, out var f)) return Float(f);
        // yaml.v3 re-parses these prefixes with an explicit base, which lets a sign follow the prefix.
        foreach (var (prefix, radix) in new[] { ("0b", 2), ("0o", 8) })
        {
            if (plain.StartsWith(prefix, StringComparison.Ordinal))
            {
                var rest = plain[2..];
                if (TryParseSigned(rest, radix, out l)) return Int(ParameterNumber.FromInteger(l));
                if (TryParseDigits(rest, radix, out u)) return Int(ParameterNumber.FromInteger(u));
            }
            else if (plain.StartsWith("-" + prefix, StringComparison.Ordinal) && TryParseSigned("-" + plain[3..], radix, out l))
            {
                return Int(ParameterNumber.FromInteger(l));
            }
        }
        return ResolvedScalar.Str;
    }

    /// <summary>YAML 1.1 forms yaml.v3 still quotes on output so that older parsers read them as strings.</summary>
    public static bool IsOldBoolOrBase60(string s) =>
        s is "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON"
            or "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF"
        || Base60Float().IsMatch(s);

    private static ResolvedScalar Int(ParameterNumber n) => new(YamlScalarKind.Int, n);
    private static ResolvedScalar Float(double d) => new(YamlScalarKind.Float, ParameterNumber.FromFloat(d));

    private static bool TryFloat(string s, out double value)
    {
        // Go's ParseFloat reports overflow as an error (the scalar then stays a string); underflow is 0.
        value = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value);
    }

    private static bool IsTimestamp(string s)
    {
        var m = Timestamp().Match(s);
        if (!m.Success) return false;
        var year = int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups[3].ValueSpan, CultureInfo.InvariantCulture);
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        for (var g = 4; g <= 9; g += 3)
        {
            if (!m.Groups[g].Success) continue;
            if (int.Parse(m.Groups[g].ValueSpan, CultureInfo.InvariantCulture) > 23
                || int.Parse(m.Groups[g + 1].ValueSpan, CultureInfo.InvariantCulture) > 59
                || int.Parse(m.Groups[g + 2].ValueSpan, CultureInfo.InvariantCulture) > 59) return false;
        }
        return true;
    }

    /// <summary>strconv.ParseInt(s, 0, 64): optional sign, then 0x/0o/0b prefix, a leading 0 meaning octal.</summary>
    internal static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        var negative = false;
        var body = s;
        if (body.Length > 0 && body[0] is '+' or '-')
        {
            negative = body[0] == '-';
            body = body[1..];
        }
        if (!TryParseGoUint(body, out var magnitude)) return false;
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1) return false;
            value = magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            return true;
        }
        if (magnitude > long.MaxValue) return false;
        value = (long)magnitude;
        return true;
    }

    /// <summary>strconv.ParseUint(s, 0, 64): no sign allowed.</summary>
    internal static bool TryParseGoUint(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0) return false;
        var radix = 10;
        var digits = s;
        if (s[0] == '0' && s.Length > 1)
        {
            switch (s[1])
            {
                case 'x' or 'X': radix = 16; digits = s[2..]; break;
                case 'o' or 'O': radix = 8; digits = s[2..]; break;
                case 'b' or 'B': radix = 2; digits = s[2..]; break;
                default: radix = 8; digits = s[1..]; break;
            }
        }
        return TryParseDigits(digits, radix, out value);
    }

    private static bool TryParseSigned(string s, int radix, out long value)
    {
        value = 0;
        var negative = s.StartsWith('-');
        var body = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (!TryParseDigits(body, radix, out var magnitude)) return false;
        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1) return false;
            value = magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            return true;
        }
        if (magnitude > long.MaxValue) return false;
        value = (long)magnitude;
        return true;
    }

    private static bool TryParseDigits(string digits, int radix, out ulong value)
    {
        value = 0;
        if (digits.Length == 0) return false;
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix) return false;
            if (value > (ulong.MaxValue - (ulong)d) / (ulong)radix) return false;
            value = value * (ulong)radix + (ulong)d;
        }
        return true;
    }
}
