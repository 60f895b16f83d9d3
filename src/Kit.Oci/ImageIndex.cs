using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Oci;

/// <summary>An immutable OCI image index, as used for an image layout's index.json.</summary>
public sealed record ImageIndex(IReadOnlyList<Descriptor> Manifests)
{
    /// <summary>An index with no manifests, as a new OCI layout starts.</summary>
    public static readonly ImageIndex Empty = new([]);

    /// <summary>Always 2, as the image spec requires.</summary>
    public int SchemaVersion { get; init; } = 2;

    /// <summary>Annotations of the index itself, if any.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>
    /// Reads leniently: skopeo writes index.json without a top-level mediaType, and entries may repeat or
    /// lack a ref name; all of them are kept in order.
    /// </summary>
    public static ImageIndex Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"image index is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException("image index must be a JSON object");
            var manifests = new List<Descriptor>();
            if (root.TryGetProperty("manifests", out var ms) && ms.ValueKind != JsonValueKind.Null)
            {
                if (ms.ValueKind != JsonValueKind.Array)
                    throw new FormatException("image index manifests must be an array");
                var i = 0;
                foreach (var m in ms.EnumerateArray())
                    manifests.Add(DescriptorJson.Read(m, $"image index entry {i++}"));
            }
            return new ImageIndex(manifests)
            {
                SchemaVersion = root.TryGetProperty("schemaVersion", out var sv) && sv.TryGetInt32(out var v) ? v : 2,
                Annotations = DescriptorJson.ReadAnnotations(root, "image index"),
            };
        }
    }

    /// <summary>Compact JSON in the field order of Go's ocispec.Index, always with the index mediaType.</summary>
    public byte[] ToJsonBytes()
    {
        var w = new GoJsonWriter();
        w.StartObject();
        w.Property("schemaVersion", SchemaVersion);
        w.Property("mediaType", MediaTypes.ImageIndex);
        w.Name("manifests");
        w.StartArray();
        foreach (var m in Manifests)
            DescriptorJson.Write(w, m);
        w.EndArray();
        DescriptorJson.WriteAnnotations(w, Annotations);
        w.EndObject();
        return w.ToUtf8Bytes();
    }
}
