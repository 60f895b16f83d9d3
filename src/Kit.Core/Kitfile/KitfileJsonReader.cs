using System.Text.Json;
using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>
/// Lenient config reader with encoding/json's rules: unknown keys ignored, keys matched exactly or else
/// case-insensitively, JSON null leaves a field empty, the last duplicate wins. Uses JsonDocument (no
/// reflection) so it stays trimming/AOT safe.
/// </summary>
internal static class KitfileJsonReader
{
    public static Kitfile Read(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(json, Kit.Oci.Serialization.GoJsonDepth.ReaderOptions);
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new KitfileException($"invalid Kitfile config JSON: {e.Message}", e);
        }
        using (doc)
        {
            return KitfileSchema.Root.ReadJson(doc.RootElement, "");
        }
    }

    /// <summary>Members with lower-cased names; Go falls back to case-insensitive matching and our field names differ only in case.</summary>
    public static IEnumerable<(string Key, JsonElement Value)> Object(JsonElement e, string where)
    {
        if (e.ValueKind == JsonValueKind.Null) yield break;
        if (e.ValueKind != JsonValueKind.Object)
            throw new KitfileException($"invalid Kitfile config JSON: {where} must be an object, found {Kind(e)}");
        foreach (var p in e.EnumerateObject()) yield return (p.Name.ToLowerInvariant(), p.Value);
    }

    public static EquatableList<T> Array<T>(JsonElement e, string where, Func<JsonElement, string, T> item)
    {
        if (e.ValueKind == JsonValueKind.Null) return EquatableList<T>.Empty;
        if (e.ValueKind != JsonValueKind.Array)
            throw new KitfileException($"invalid Kitfile config JSON: {where} must be an array, found {Kind(e)}");
        return new EquatableList<T>(e.EnumerateArray().Select((x, i) => item(x, $"{where}[{i}]")).ToList());
    }

    public static string StringValue(JsonElement e, string where) => e.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => e.GetString()!,
        _ => throw new KitfileException($"invalid Kitfile config JSON: {where} must be a string, found {Kind(e)}"),
    };

    public static Digest? DigestOf(JsonElement e, string where)
    {
        var s = StringValue(e, where);
        if (s.Length == 0) return null;
        return Digest.TryParse(s, out var d) ? d : throw new KitfileException($"invalid Kitfile config JSON: {where} is not a valid digest: '{s}'");
    }

    public static ParameterValue? Parameters(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Parameter(e);

    private static ParameterValue Parameter(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null => ParameterNull.Instance,
        JsonValueKind.True => new ParameterBool(true),
        JsonValueKind.False => new ParameterBool(false),
        JsonValueKind.String => new ParameterString(e.GetString()!),
        JsonValueKind.Number => Number(e.GetRawText()),
        JsonValueKind.Array => new ParameterArray(new EquatableList<ParameterValue>(e.EnumerateArray().Select(Parameter).ToList())),
        _ => ObjectParameter(e),
    };

    private static ParameterNumber Number(string literal)
    {
        try
        {
            return ParameterNumber.FromJsonLiteral(literal);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Go: "cannot unmarshal number 1e400 into Go value of type float64".
            throw new KitfileException($"invalid Kitfile config JSON: number {literal} is out of range");
        }
    }

    private static ParameterObject ObjectParameter(JsonElement e)
    {
        // Go decodes into a map: the last duplicate key wins.
        var map = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject()) map[p.Name] = Parameter(p.Value);
        return new ParameterObject(map.Select(kv => new ParameterProperty(kv.Key, kv.Value)));
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
}
