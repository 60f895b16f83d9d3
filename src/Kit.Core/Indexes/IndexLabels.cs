using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kit.Core.Indexes;

/// <summary>
/// Labels and annotations of index entries, with KitOps's syntax and messages: edits for <c>kit index add</c>
/// (<c>key=value</c>, <c>key:=json</c>, <c>key-</c>), selectors for <c>kit pull -l</c> / <c>kit unpack -l</c>
/// (<c>key=value</c>), and the <c>key=value</c> display.
/// </summary>
internal static partial class IndexLabels
{
    /// <summary>One change: set <see cref="Key"/> to <see cref="Value"/> (compact JSON for labels, text for annotations), or remove it when null.</summary>
    public sealed record Edit(string Key, string? Value);

    /// <summary>Parses <c>-l</c> arguments of <c>kit index add</c>.</summary>
    /// <exception cref="KitException">An argument is malformed, a key invalid or given twice.</exception>
    public static IReadOnlyList<Edit> ParseLabelEdits(IEnumerable<string> args)
    {
        var edits = new List<Edit>();
        foreach (var arg in args)
        {
            Edit edit;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && arg[eq - 1] == ':')
            {
                var key = arg[..(eq - 1)];
                var value = arg[(eq + 1)..];
                CheckKey(arg, key);
                if (!RawJson.IsValid(value))
                    throw new KitException($"invalid label {arg}: value is not valid JSON");
                edit = new Edit(key, RawJson.Compact(value));
            }
            else if (eq >= 0)
            {
                var key = arg[..eq];
                CheckKey(arg, key);
                edit = new Edit(key, JsonString(arg[(eq + 1)..]));
            }
            else if (arg.EndsWith('-'))
            {
                var key = arg[..^1];
                CheckKey(arg, key);
                edit = new Edit(key, null);
            }
            else
            {
                throw new KitException($"invalid label \"{arg}\": expected key=value to set, or key- to remove");
            }
            if (edits.Exists(e => e.Key == edit.Key))
                throw new KitException($"invalid label \"{arg}\": each key can be specified only once");
            edits.Add(edit);
        }
        return edits;
    }

    /// <summary>Parses <c>--annotate</c> arguments of <c>kit index add</c>: values are plain strings.</summary>
    public static IReadOnlyList<Edit> ParseAnnotationEdits(IEnumerable<string> args)
    {
        var edits = new List<Edit>();
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            Edit edit;
            if (eq > 0 && arg[eq - 1] == ':')
                throw new KitException($"invalid annotation {arg}: annotation values are strings; use key=value");
            if (eq > 0)
                edit = new Edit(arg[..eq], arg[(eq + 1)..]);
            else if (eq < 0 && arg.Length > 1 && arg.EndsWith('-'))
                edit = new Edit(arg[..^1], null);
            else if (eq == 0 || arg == "-")
                throw new KitException($"invalid annotation \"{arg}\": key cannot be empty");
            else
                throw new KitException($"invalid annotation \"{arg}\": expected key=value to set, or key- to remove");
            // Reading of KitOps's rule that this prefix is kit's own: it says so, its enforcement was not seen.
            if (edit.Key.StartsWith(IndexFormat.ReservedAnnotationPrefix, StringComparison.Ordinal))
                throw new KitException($"invalid annotation \"{arg}\": keys starting with {IndexFormat.ReservedAnnotationPrefix} are reserved for kit");
            if (edits.Exists(e => e.Key == edit.Key))
                throw new KitException($"invalid annotation \"{arg}\": each key can be specified only once");
            edits.Add(edit);
        }
        return edits;
    }

    /// <summary>Applies <paramref name="edits"/> to <paramref name="current"/> (a removal of an absent key is no change).</summary>
    public static Dictionary<string, string> Apply(IReadOnlyDictionary<string, string> current, IEnumerable<Edit> edits)
    {
        var result = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var edit in edits)
        {
            if (edit.Value is null) result.Remove(edit.Key);
            else result[edit.Key] = edit.Value;
        }
        return result;
    }

    /// <summary>Parses the <c>-l key=value</c> selector of <c>kit pull</c> and <c>kit unpack</c>, in the order given.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseSelector(IEnumerable<string> args)
    {
        var selector = new List<KeyValuePair<string, string>>();
        foreach (var arg in args)
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new KitException($"invalid label \"{arg}\": expected key=value");
            var key = arg[..eq];
            var value = arg[(eq + 1)..];
            if (selector.Find(p => p.Key == key) is { Key: not null } set)
                throw new KitException($"invalid label \"{arg}\": {key} is already set to \"{set.Value}\"; each label can be specified only once");
            selector.Add(new(key, value));
        }
        return selector;
    }

    /// <summary>A label value as text: a JSON string unquoted, any other JSON as stored.</summary>
    public static string Display(string rawJson)
    {
        if (rawJson.StartsWith('"'))
        {
            try
            {
                using var doc = JsonDocument.Parse(rawJson, Kit.Oci.Serialization.GoJsonDepth.DocumentOptions);
                return doc.RootElement.GetString() ?? rawJson;
            }
            catch (JsonException)
            {
                return rawJson;
            }
        }
        return rawJson;
    }

    /// <summary>Sorted <c>key=value</c> pairs (KitOps's <c>LabelPairs</c>).</summary>
    public static IReadOnlyList<string> Pairs(IReadOnlyDictionary<string, string> labels) =>
        labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Display(p.Value)}").ToList();

    private static void CheckKey(string arg, string key)
    {
        if (key.Length == 0)
            throw new KitException($"invalid label \"{arg}\": key cannot be empty");
        if (!LabelKey().IsMatch(key))
            throw new KitException($"invalid label key \"{key}\": must be a name of letters, digits, '-', '_', and '.' that starts and ends with a letter or digit, optionally prefixed by a DNS subdomain and '/' (e.g. example.com/gpu)");
    }

    /// <summary>A string as Go's encoder writes it (the raw value KitOps stores for <c>key=value</c>).</summary>
    private static string JsonString(string value)
    {
        var w = new Kit.Oci.Serialization.GoJsonWriter();
        w.StringValue(value);
        return w.ToString();
    }

    [GeneratedRegex(@"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelKey();
}
