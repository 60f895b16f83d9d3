using System.Globalization;
using System.Text;

namespace Kit.Oci.Serialization;

/// <summary>Number formatting as Go's encoding/json writes a float64, so configs hash identically.</summary>
internal static class GoNumber
{
    /// <summary>
    /// Formats like encoding/json's floatEncoder: shortest round-trip digits, plain decimal notation
    /// except below 1e-6 or from 1e21, where exponent notation is used with a two-digit negative
    /// exponent shortened (<c>1e-07</c> becomes <c>1e-7</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or infinity, which JSON cannot represent.</exception>
    public static string FormatFloat(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "json: unsupported value: NaN or infinity");
        if (value == 0)
            return double.IsNegative(value) ? "-0" : "0";

        var (digits, pointPosition) = ShortestDigits(Math.Abs(value));
        var sb = new StringBuilder(32);
        if (value < 0) sb.Append('-');
        var abs = Math.Abs(value);
        if (abs < 1e-6 || abs >= 1e21)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
            var exponent = pointPosition - 1;
            sb.Append('e').Append(exponent < 0 ? '-' : '+');
            // Go prints at least two exponent digits and then strips the zero of "e-0X" only; positive
            // exponents here are always >= 21, so no padding ever survives.
            sb.Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture));
        }
        else if (pointPosition <= 0)
        {
            sb.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            sb.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            sb.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The shortest significant digits that round-trip (as Go's strconv with precision -1) and the
    /// position of the decimal point relative to them: value = 0.DIGITS × 10^pointPosition.
    /// </summary>
    private static (string Digits, int PointPosition) ShortestDigits(double positive)
    {
        // .NET's "R" is the shortest round-trippable representation, the same digits Go chooses.
        var text = positive.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot >= 0 ? text[..dot] : text;
        var all = dot >= 0 ? integerPart + text[(dot + 1)..] : integerPart;
        var leadingZeros = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return (digits, integerPart.Length - leadingZeros + exponent);
    }
}
