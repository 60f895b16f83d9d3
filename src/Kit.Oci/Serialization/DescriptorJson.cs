using System.Text;
using System.Text.Json;

namespace Kit.Oci.Serialization;

/// <summary>Lenient reading and Go-exact writing of descriptors and annotation maps, shared by manifest and index.</summary>
internal static class DescriptorJson
{
    public static Descriptor Read(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{where}: descriptor must be a JSON object");
        var mediaType = element.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString()! : "";
        if (!element.TryGetProperty("digest", out var d) || d.ValueKind != JsonValueKind.String)
            throw new FormatException($"{where}: descriptor has no digest");
        if (!Digest.TryParse(d.GetString(), out var digest))
            throw new FormatException($"{where}: unsupported or invalid digest '{d.GetString()}'");
        if (!element.TryGetProperty("size", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var size) || size < 0)
            throw new FormatException($"{where}: descriptor {digest} has no valid size");
        return new Descriptor(mediaType, digest, size) { Annotations = ReadAnnotations(element, where) };
    }

    public static IReadOnlyDictionary<string, string>? ReadAnnotations(JsonElement parent, string where)
    {
        if (!parent.TryGetProperty("annotations", out var a) || a.ValueKind == JsonValueKind.Null)
            return null;
        if (a.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{where}: annotations must be a JSON object");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in a.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
                throw new FormatException($"{where}: annotation '{p.Name}' must be a string");
            // Duplicate keys: last wins, as in Go's encoding/json.
            map[p.Name] = p.Value.GetString()!;
        }
        return map;
    }

    public static void Write(GoJsonWriter w, Descriptor descriptor)
    {
        // Field order of Go's ocispec.Descriptor; urls, platform, data and artifactType are not modelled.
        w.StartObject();
        w.Property("mediaType", descriptor.MediaType);
        w.Name("digest");
        w.DigestValue(descriptor.Digest);
        w.Property("size", descriptor.Size);
        WriteAnnotations(w, descriptor.Annotations);
        w.EndObject();
    }

    /// <summary>Writes <c>"annotations":{…}</c> unless empty (Go's omitempty), keys in Go's map order.</summary>
    public static void WriteAnnotations(GoJsonWriter w, IReadOnlyDictionary<string, string>? annotations)
    {
        if (annotations is null || annotations.Count == 0)
            return;
        w.Name("annotations");
        w.StartObject();
        if (annotations.Count == 1)
        {
            // Nearly every index entry has one annotation (its name): nothing to sort.
            var (key, value) = annotations.First();
            w.Property(key, value);
        }
        else
        {
            foreach (var key in annotations.Keys.OrderBy(k => k, Utf8Order.Instance))
                w.Property(key, annotations[key]);
        }
        w.EndObject();
    }
}

/// <summary>Go sorts map keys by their UTF-8 bytes; ordinal UTF-16 order differs above U+D7FF.</summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        return Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y));
    }
}
