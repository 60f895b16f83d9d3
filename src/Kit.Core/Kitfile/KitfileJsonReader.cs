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
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 10_000 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new KitfileException($"invalid Kitfile config JSON: {e.Message}", e);
        }
        using (doc)
        {
            var kitfile = new Kitfile();
            foreach (var (key, v) in Object(doc.RootElement, "config"))
            {
                kitfile = key switch
                {
                    "manifestversion" => kitfile with { ManifestVersion = String(v, "manifestVersion") },
                    "package" => kitfile with { Package = Package(v) },
                    "model" => kitfile with { Model = v.ValueKind == JsonValueKind.Null ? null : Model(v) },
                    "code" => kitfile with { Code = Array(v, "code", Code) },
                    "datasets" => kitfile with { Datasets = Array(v, "datasets", Dataset) },
                    "docs" => kitfile with { Docs = Array(v, "docs", Docs) },
                    _ => kitfile,
                };
            }
            return kitfile;
        }
    }

    private static PackageSection Package(JsonElement e)
    {
        var p = new PackageSection();
        foreach (var (key, v) in Object(e, "package"))
        {
            p = key switch
            {
                "name" => p with { Name = String(v, "package.name") },
                "version" => p with { Version = String(v, "package.version") },
                "description" => p with { Description = String(v, "package.description") },
                "license" => p with { License = String(v, "package.license") },
                "authors" => p with { Authors = Array(v, "package.authors", String) },
                _ => p,
            };
        }
        return p;
    }

    private static ModelSection Model(JsonElement e)
    {
        var m = new ModelSection();
        foreach (var (key, v) in Object(e, "model"))
        {
            var where = "model." + key;
            m = key switch
            {
                "name" => m with { Name = String(v, where) },
                "path" => m with { Path = String(v, where) },
                "license" => m with { License = String(v, where) },
                "framework" => m with { Framework = String(v, where) },
                "format" => m with { Format = String(v, where) },
                "version" => m with { Version = String(v, where) },
                "description" => m with { Description = String(v, where) },
                "parts" => m with { Parts = Array(v, "model.parts", Part) },
                "parameters" => m with { Parameters = Parameters(v) },
                "digest" => m with { Digest = DigestOf(v, where) },
                "diffid" => m with { DiffId = DigestOf(v, where) },
                _ => m,
            };
        }
        return m;
    }

    private static ModelPart Part(JsonElement e, string section)
    {
        var p = new ModelPart();
        foreach (var (key, v) in Object(e, section))
        {
            var where = section + "." + key;
            p = key switch
            {
                "name" => p with { Name = String(v, where) },
                "path" => p with { Path = String(v, where) },
                "license" => p with { License = String(v, where) },
                "type" => p with { Type = String(v, where) },
                "digest" => p with { Digest = DigestOf(v, where) },
                "diffid" => p with { DiffId = DigestOf(v, where) },
                _ => p,
            };
        }
        return p;
    }

    private static CodeEntry Code(JsonElement e, string section)
    {
        var c = new CodeEntry();
        foreach (var (key, v) in Object(e, section))
        {
            var where = section + "." + key;
            c = key switch
            {
                "path" => c with { Path = String(v, where) },
                "description" => c with { Description = String(v, where) },
                "license" => c with { License = String(v, where) },
                "digest" => c with { Digest = DigestOf(v, where) },
                "diffid" => c with { DiffId = DigestOf(v, where) },
                _ => c,
            };
        }
        return c;
    }

    private static DatasetEntry Dataset(JsonElement e, string section)
    {
        var d = new DatasetEntry();
        foreach (var (key, v) in Object(e, section))
        {
            var where = section + "." + key;
            d = key switch
            {
                "name" => d with { Name = String(v, where) },
                "path" => d with { Path = String(v, where) },
                "description" => d with { Description = String(v, where) },
                "license" => d with { License = String(v, where) },
                "parameters" => d with { Parameters = Parameters(v) },
                "digest" => d with { Digest = DigestOf(v, where) },
                "diffid" => d with { DiffId = DigestOf(v, where) },
                _ => d,
            };
        }
        return d;
    }

    private static DocsEntry Docs(JsonElement e, string section)
    {
        var d = new DocsEntry();
        foreach (var (key, v) in Object(e, section))
        {
            var where = section + "." + key;
            d = key switch
            {
                "path" => d with { Path = String(v, where) },
                "description" => d with { Description = String(v, where) },
                "digest" => d with { Digest = DigestOf(v, where) },
                "diffid" => d with { DiffId = DigestOf(v, where) },
                _ => d,
            };
        }
        return d;
    }

    /// <summary>Members with lower-cased names; Go falls back to case-insensitive matching and our field names differ only in case.</summary>
    private static IEnumerable<(string Key, JsonElement Value)> Object(JsonElement e, string where)
    {
        if (e.ValueKind == JsonValueKind.Null) yield break;
        if (e.ValueKind != JsonValueKind.Object)
            throw new KitfileException($"invalid Kitfile config JSON: {where} must be an object, found {Kind(e)}");
        foreach (var p in e.EnumerateObject()) yield return (p.Name.ToLowerInvariant(), p.Value);
    }

    private static EquatableList<T> Array<T>(JsonElement e, string where, Func<JsonElement, string, T> item)
    {
        if (e.ValueKind == JsonValueKind.Null) return EquatableList<T>.Empty;
        if (e.ValueKind != JsonValueKind.Array)
            throw new KitfileException($"invalid Kitfile config JSON: {where} must be an array, found {Kind(e)}");
        return new EquatableList<T>(e.EnumerateArray().Select((x, i) => item(x, $"{where}[{i}]")).ToList());
    }

    private static string String(JsonElement e, string where) => e.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => e.GetString()!,
        _ => throw new KitfileException($"invalid Kitfile config JSON: {where} must be a string, found {Kind(e)}"),
    };

    private static Digest? DigestOf(JsonElement e, string where)
    {
        var s = String(e, where);
        if (s.Length == 0) return null;
        return Digest.TryParse(s, out var d) ? d : throw new KitfileException($"invalid Kitfile config JSON: {where} is not a valid digest: '{s}'");
    }

    private static ParameterValue? Parameters(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : Parameter(e);

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
