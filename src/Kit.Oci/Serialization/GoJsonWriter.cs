using System.Buffers;
using System.Globalization;
using System.Text;

namespace Kit.Oci.Serialization;

/// <summary>
/// Writes JSON byte-for-byte the way Go's encoding/json does, so that manifests and configs written here
/// have the same digests as the ones KitOps writes: compact (or MarshalIndent-style), HTML-safe escaping
/// of &lt; &gt; &amp;, U+2028/U+2029 escaped, other non-ASCII raw, invalid UTF-16 replaced by U+FFFD.
/// The caller decides field order and omission.
/// </summary>
internal sealed class GoJsonWriter
{
    private readonly StringBuilder _sb = new();
    private readonly string? _indent;
    // Per nesting level: has the container already got a member?
    private readonly Stack<bool> _hasMember = new();
    private bool _afterName;

    public GoJsonWriter(string? indent = null) => _indent = indent;

    public void StartObject() => Open('{');
    public void EndObject() => Close('}');
    public void StartArray() => Open('[');
    public void EndArray() => Close(']');

    public void Name(string name)
    {
        BeforeValue();
        WriteString(_sb, name);
        _sb.Append(':');
        if (_indent is not null) _sb.Append(' ');
        _afterName = true;
    }

    public void StringValue(string value) { BeforeValue(); WriteString(_sb, value); }
    public void Number(long value) { BeforeValue(); _sb.Append(value.ToString(CultureInfo.InvariantCulture)); }
    public void Bool(bool value) { BeforeValue(); _sb.Append(value ? "true" : "false"); }
    public void Null() { BeforeValue(); _sb.Append("null"); }

    /// <summary>Writes a float64 the way encoding/json does (see <see cref="GoNumber.FormatFloat"/>).</summary>
    public void FloatValue(double value) { BeforeValue(); _sb.Append(GoNumber.FormatFloat(value)); }

    /// <summary>Writes a number already formatted the Go way (see <see cref="GoNumber"/>).</summary>
    public void RawNumber(string formatted) { BeforeValue(); _sb.Append(formatted); }

    /// <summary>Writes a value that is already compact JSON as Go would write it (e.g. a json.RawMessage after compaction).</summary>
    public void RawValue(string compactJson) { BeforeValue(); _sb.Append(compactJson); }

    public void Property(string name, string value) { Name(name); StringValue(value); }
    public void Property(string name, long value) { Name(name); Number(value); }

    public override string ToString() => _sb.ToString();

    public byte[] ToUtf8Bytes() => Encoding.UTF8.GetBytes(_sb.ToString());

    private void Open(char c)
    {
        BeforeValue();
        _sb.Append(c);
        _hasMember.Push(false);
    }

    private void Close(char c)
    {
        var had = _hasMember.Pop();
        if (had && _indent is not null) NewLine();
        _sb.Append(c);
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_hasMember.Count == 0) return;
        if (_hasMember.Peek()) _sb.Append(',');
        _hasMember.Pop();
        _hasMember.Push(true);
        if (_indent is not null) NewLine();
    }

    private void NewLine()
    {
        _sb.Append('\n');
        for (var i = 0; i < _hasMember.Count; i++) _sb.Append(_indent);
    }

    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\<>&\u2028\u2029" + new string(Enumerable.Range(0, 0x20).Select(i => (char)i).ToArray()));

    /// <summary>Appends <paramref name="value"/> as a quoted JSON string with Go's escaping rules.</summary>
    public static void WriteString(StringBuilder sb, string value)
    {
        sb.Append('"');
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            var i = span.IndexOfAny(NeedsEscape);
            var surrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
            if (surrogate >= 0 && (i < 0 || surrogate < i)) i = surrogate;
            if (i < 0)
            {
                sb.Append(span);
                break;
            }
            sb.Append(span[..i]);
            var c = span[i];
            var consumed = 1;
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case >= '\uD800' and <= '\uDBFF' when i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]):
                    sb.Append(c).Append(span[i + 1]);
                    consumed = 2;
                    break;
                case >= '\uD800' and <= '\uDFFF':
                    // Go writes invalid UTF-8 as the escape text \ufffd (not the raw character); a lone
                    // surrogate is the UTF-16 equivalent of invalid UTF-8.
                    sb.Append("\\ufffd");
                    break;
                default:
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
            span = span[(i + consumed)..];
        }
        sb.Append('"');
    }
}
