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
    // UTF-8 from the start: an index of 10,000 entries is 2 MB of JSON, and building it as UTF-16 first doubled what
    // had to be allocated (and page-faulted in) before it was encoded.
    private readonly ArrayBufferWriter<byte> _out;
    private readonly string? _indent;
    // Per nesting level: has the container already got a member?
    private readonly Stack<bool> _hasMember = new();
    private bool _afterName;

    /// <param name="indent">Indentation per level (MarshalIndent style); null writes compact JSON.</param>
    /// <param name="capacity">Bytes to reserve, for a large document whose size is known roughly (an index of 10,000 entries).</param>
    public GoJsonWriter(string? indent = null, int capacity = 256)
    {
        _indent = indent;
        _out = new ArrayBufferWriter<byte>(capacity);
    }

    public void StartObject() => Open((byte)'{');
    public void EndObject() => Close((byte)'}');
    public void StartArray() => Open((byte)'[');
    public void EndArray() => Close((byte)']');

    public void Name(string name)
    {
        BeforeValue();
        WriteString(name);
        Append((byte)':');
        if (_indent is not null) Append((byte)' ');
        _afterName = true;
    }

    public void StringValue(string value) { BeforeValue(); WriteString(value); }
    public void Number(long value) { BeforeValue(); AppendFormatted(value); }
    public void Bool(bool value) { BeforeValue(); Append(value ? "true"u8 : "false"u8); }
    public void Null() { BeforeValue(); Append("null"u8); }

    /// <summary>Writes a float64 the way encoding/json does (see <see cref="GoNumber.FormatFloat"/>).</summary>
    public void FloatValue(double value) { BeforeValue(); AppendText(GoNumber.FormatFloat(value)); }

    /// <summary>Writes a number already formatted the Go way (see <see cref="GoNumber"/>).</summary>
    public void RawNumber(string formatted) { BeforeValue(); AppendText(formatted); }

    /// <summary>Writes a value that is already compact JSON as Go would write it (e.g. a json.RawMessage after compaction).</summary>
    public void RawValue(string compactJson) { BeforeValue(); AppendText(compactJson); }

    /// <summary>A digest as a string value (<c>"sha256:…"</c>): nothing in it needs escaping, and no string is built for it.</summary>
    public void DigestValue(Digest digest)
    {
        BeforeValue();
        Append((byte)'"');
        AppendText(Digest.Sha256Prefix);
        AppendText(digest.Hex);
        Append((byte)'"');
    }

    public void Property(string name, string value) { Name(name); StringValue(value); }
    public void Property(string name, long value) { Name(name); Number(value); }

    public override string ToString() => Encoding.UTF8.GetString(_out.WrittenSpan);

    public byte[] ToUtf8Bytes() => _out.WrittenSpan.ToArray();

    /// <summary>The document as written, without the copy <see cref="ToUtf8Bytes"/> makes (a large index is 2 MB).</summary>
    public ReadOnlyMemory<byte> ToUtf8Memory() => _out.WrittenMemory;

    private void Append(byte b)
    {
        _out.GetSpan(1)[0] = b;
        _out.Advance(1);
    }

    private void Append(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

    /// <summary>Text that needs no escaping (numbers, digests, compact JSON already escaped), as UTF-8.</summary>
    private void AppendText(ReadOnlySpan<char> text)
    {
        var n = Encoding.UTF8.GetBytes(text, _out.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        _out.Advance(n);
    }

    private void AppendFormatted(long value)
    {
        var span = _out.GetSpan(20);
        if (!value.TryFormat(span, out var n, default, CultureInfo.InvariantCulture))
            throw new InvalidOperationException("a long has at most 20 digits");
        _out.Advance(n);
    }

    private void Open(byte c)
    {
        BeforeValue();
        Append(c);
        _hasMember.Push(false);
    }

    private void Close(byte c)
    {
        var had = _hasMember.Pop();
        if (had && _indent is not null) NewLine();
        Append(c);
    }

    private void BeforeValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        if (_hasMember.Count == 0) return;
        if (_hasMember.Peek()) Append((byte)',');
        _hasMember.Pop();
        _hasMember.Push(true);
        if (_indent is not null) NewLine();
    }

    private void NewLine()
    {
        Append((byte)'\n');
        for (var i = 0; i < _hasMember.Count; i++) AppendText(_indent);
    }

    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        "\"\\<>&\u2028\u2029" + new string(Enumerable.Range(0, 0x20).Select(i => (char)i).ToArray()));

    /// <summary>Writes <paramref name="value"/> as a quoted JSON string with Go's escaping rules.</summary>
    private void WriteString(string value)
    {
        Append((byte)'"');
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            var i = span.IndexOfAny(NeedsEscape);
            var surrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
            if (surrogate >= 0 && (i < 0 || surrogate < i)) i = surrogate;
            if (i < 0)
            {
                AppendText(span);
                break;
            }
            AppendText(span[..i]);
            var c = span[i];
            var consumed = 1;
            switch (c)
            {
                case '"': Append("\\\""u8); break;
                case '\\': Append("\\\\"u8); break;
                case '\n': Append("\\n"u8); break;
                case '\r': Append("\\r"u8); break;
                case '\t': Append("\\t"u8); break;
                case '\b': Append("\\b"u8); break;
                case '\f': Append("\\f"u8); break;
                case >= '\uD800' and <= '\uDBFF' when i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]):
                    AppendText(span.Slice(i, 2));
                    consumed = 2;
                    break;
                case >= '\uD800' and <= '\uDFFF':
                    // Go writes invalid UTF-8 as the escape text \ufffd (not the raw character); a lone
                    // surrogate is the UTF-16 equivalent of invalid UTF-8.
                    Append("\\ufffd"u8);
                    break;
                default:
                    Append("\\u"u8);
                    AppendText(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
            }
            span = span[(i + consumed)..];
        }
        Append((byte)'"');
    }
}
