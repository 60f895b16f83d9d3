using System.Text;
using System.Text.Json;

namespace Kit.Core.Indexes;

/// <summary>
/// Go's <c>json.Compact</c> and <c>json.Indent</c> over JSON text: whitespace outside strings is dropped or regenerated,
/// strings keep their escapes as written. Label values are raw JSON that Go re-emits this way, so the bytes (and the
/// index digest) are the same as KitOps's.
/// </summary>
internal static class RawJson
{
    /// <summary>Whether <paramref name="text"/> is one JSON value.</summary>
    public static bool IsValid(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text, Kit.Oci.Serialization.GoJsonDepth.DocumentOptions);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Compact form of valid JSON, with <c>&lt; &gt; &amp;</c> and U+2028/U+2029 in strings escaped as encoding/json does.</summary>
    public static string Compact(string json)
    {
        var sb = new StringBuilder(json.Length);
        var inString = false;
        var escaped = false;
        foreach (var c in json)
        {
            if (inString)
            {
                if (escaped) { escaped = false; sb.Append(c); continue; }
                switch (c)
                {
                    case '\\': escaped = true; sb.Append(c); break;
                    case '"': inString = false; sb.Append(c); break;
                    case '<': sb.Append("\\u003c"); break;
                    case '>': sb.Append("\\u003e"); break;
                    case '&': sb.Append("\\u0026"); break;
                    case '\u2028': sb.Append("\\u2028"); break;
                    case '\u2029': sb.Append("\\u2029"); break;
                    default: sb.Append(c); break;
                }
                continue;
            }
            if (c is ' ' or '\t' or '\n' or '\r')
                continue;
            if (c == '"')
                inString = true;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Go's <c>json.Indent(dst, src, "", indent)</c> of compact, valid JSON: empty objects and arrays stay <c>{}</c> and <c>[]</c>.</summary>
    public static string Indent(string json, string indent = "  ")
    {
        var sb = new StringBuilder(json.Length * 2);
        var depth = 0;
        var inString = false;
        var escaped = false;
        var needIndent = false;
        foreach (var c in json)
        {
            if (inString)
            {
                sb.Append(c);
                if (escaped) escaped = false;
                else if (c == '\\') escaped = true;
                else if (c == '"') inString = false;
                continue;
            }
            if (c is ' ' or '\t' or '\n' or '\r')
                continue;
            if (needIndent && c is not (']' or '}'))
            {
                needIndent = false;
                depth++;
                NewLine(sb, depth, indent);
            }
            switch (c)
            {
                case '"':
                    inString = true;
                    sb.Append(c);
                    break;
                case '{' or '[':
                    sb.Append(c);
                    needIndent = true;
                    break;
                case ',':
                    sb.Append(c);
                    NewLine(sb, depth, indent);
                    break;
                case ':':
                    sb.Append(": ");
                    break;
                case '}' or ']':
                    if (needIndent)
                    {
                        needIndent = false; // empty: "{}" / "[]"
                    }
                    else
                    {
                        depth--;
                        NewLine(sb, depth, indent);
                    }
                    sb.Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, int depth, string indent)
    {
        sb.Append('\n');
        for (var i = 0; i < depth; i++) sb.Append(indent);
    }
}
