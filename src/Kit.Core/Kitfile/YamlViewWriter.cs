using System.Text;

namespace Kit.Core.Kitfiles;

/// <summary>
/// Block-style YAML like yaml.v3's encoder with SetIndent(2): nested mappings and sequences indented by
/// two, sequence items under their key (<c>key:\n  - item</c>), empty collections as <c>{}</c>/<c>[]</c>.
/// </summary>
internal sealed class YamlViewWriter
{
    private readonly StringBuilder _sb = new();
    // libyaml ends a stream with "..." when the last scalar used keep chomping (|+), so trailing
    // newlines are not mistaken for document padding.
    private bool _lastWasKeepChomped;

    public static string Write(YamlViewNode root)
    {
        var w = new YamlViewWriter();
        w.WriteRoot(root);
        return w._sb.ToString();
    }

    private void WriteRoot(YamlViewNode root)
    {
        switch (root)
        {
            case YamlViewMapping { Entries.Count: > 0 } m: WriteMapping(m, 0, continuesLine: false); break;
            case YamlViewSequence { Items.Count: > 0, Flow: false } s: WriteSequence(s, 0, continuesLine: false); break;
            default: WriteValueAfterIndicator(root, 0, leadingSpace: false); break;
        }
        if (_lastWasKeepChomped) _sb.Append("...\n");
    }

    /// <param name="m">The mapping to write.</param>
    /// <param name="indent">Columns of indentation for its keys.</param>
    /// <param name="continuesLine">The first entry goes on the current line (after a sequence dash).</param>
    private void WriteMapping(YamlViewMapping m, int indent, bool continuesLine)
    {
        for (var i = 0; i < m.Entries.Count; i++)
        {
            if (i > 0 || !continuesLine) _sb.Append(' ', indent);
            var (key, value) = m.Entries[i];
            if (!IsSimpleKey(key))
            {
                WriteComplexEntry(key, value, indent);
                continue;
            }
            _sb.Append(YamlScalarStyle.Inline(key, YamlScalarStyle.Choose(key, flow: false, simpleKey: true)));
            _sb.Append(':');
            switch (value)
            {
                case YamlViewMapping { Entries.Count: > 0 } nested:
                    _sb.Append('\n');
                    WriteMapping(nested, indent + 2, continuesLine: false);
                    break;
                case YamlViewSequence { Items.Count: > 0, Flow: false } nested:
                    _sb.Append('\n');
                    WriteSequence(nested, indent + 2, continuesLine: false);
                    break;
                default:
                    WriteValueAfterIndicator(value, indent + 2, leadingSpace: true);
                    break;
            }
        }
    }

    /// <summary>libyaml only writes keys of at most 128 bytes on one line without line breaks as implicit keys.</summary>
    private static bool IsSimpleKey(string key) =>
        System.Text.Encoding.UTF8.GetByteCount(key) <= 128 && key.AsSpan().IndexOfAny("\r\n\u0085\u2028\u2029") < 0;

    /// <summary>An explicit <c>? key</c> / <c>: value</c> entry, laid out as libyaml does.</summary>
    private void WriteComplexEntry(string key, YamlViewNode value, int indent)
    {
        _sb.Append('?');
        WriteValueAfterIndicator(new YamlViewString(key), indent + 2, leadingSpace: true);
        _sb.Append(' ', indent).Append(':');
        WriteItem(value, indent);
    }

    private void WriteSequence(YamlViewSequence s, int indent, bool continuesLine)
    {
        for (var i = 0; i < s.Items.Count; i++)
        {
            if (i > 0 || !continuesLine) _sb.Append(' ', indent);
            _sb.Append('-');
            WriteItem(s.Items[i], indent);
        }
    }

    /// <summary>The node after a <c>-</c> or explicit <c>:</c> indicator at <paramref name="indent"/>: collections start on the same line.</summary>
    private void WriteItem(YamlViewNode item, int indent)
    {
        switch (item)
        {
            case YamlViewMapping { Entries.Count: > 0 } nested:
                _sb.Append(' ');
                WriteMapping(nested, indent + 2, continuesLine: true);
                break;
            case YamlViewSequence { Items.Count: > 0, Flow: false } nested:
                _sb.Append(' ');
                WriteSequence(nested, indent + 2, continuesLine: true);
                break;
            default:
                WriteValueAfterIndicator(item, indent + 2, leadingSpace: true);
                break;
        }
    }

    /// <summary>A scalar, flow or empty collection, ending the line; literal blocks continue at <paramref name="blockIndent"/>.</summary>
    private void WriteValueAfterIndicator(YamlViewNode value, int blockIndent, bool leadingSpace)
    {
        if (leadingSpace) _sb.Append(' ');
        _lastWasKeepChomped = false;
        switch (value)
        {
            case YamlViewRaw raw:
                _sb.Append(raw.Text).Append('\n');
                break;
            case YamlViewMapping:
                _sb.Append("{}\n");
                break;
            case YamlViewSequence seq:
                _sb.Append('[');
                for (var i = 0; i < seq.Items.Count; i++)
                {
                    if (i > 0) _sb.Append(", ");
                    _sb.Append(FlowItem(seq.Items[i]));
                }
                _sb.Append("]\n");
                break;
            case YamlViewString str:
                var style = YamlScalarStyle.Choose(str.Value, flow: false, simpleKey: false);
                if (style == YamlStyle.Literal) WriteLiteral(str.Value, blockIndent);
                else _sb.Append(YamlScalarStyle.Inline(str.Value, style)).Append('\n');
                break;
        }
    }

    private static string FlowItem(YamlViewNode item) => item switch
    {
        YamlViewString s => YamlScalarStyle.Inline(s.Value, YamlScalarStyle.Choose(s.Value, flow: true, simpleKey: false)),
        YamlViewRaw r => r.Text,
        // The Kitfile schema only has flow lists of strings; nested collections never reach here.
        _ => throw new NotSupportedException("nested collections in flow style"),
    };

    private void WriteLiteral(string value, int indent)
    {
        _sb.Append(YamlScalarStyle.LiteralHeader(value, out _lastWasKeepChomped)).Append('\n');
        var atLineStart = true;
        foreach (var c in value)
        {
            if (c == '\n')
            {
                _sb.Append('\n');
                atLineStart = true;
                continue;
            }
            if (atLineStart) _sb.Append(' ', indent);
            _sb.Append(c);
            atLineStart = false;
        }
        if (!atLineStart) _sb.Append('\n');
    }
}
