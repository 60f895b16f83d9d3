using System.Text;
using System.Text.Json;
using Kit.Oci;
using Kit.Oci.Serialization;

namespace Kit.Core.Indexes;

/// <summary>
/// A ModelKit index: an OCI image index with the KitOps index <c>artifactType</c>, one entry per ModelKit of one
/// repository, each with labels. Written as Go's <c>json.Marshal</c> writes KitOps's struct (field order
/// <c>schemaVersion, mediaType, artifactType, manifests, subject, annotations</c>; entries <c>mediaType, digest, size,
/// urls, annotations, data, platform, artifactType, modelMetadata</c>; map keys sorted), so the same index has the
/// same digest in both tools.
/// </summary>
internal sealed record ModelKitIndexDocument(IReadOnlyList<IndexEntry> Entries)
{
    /// <summary>What <c>kit index create</c> writes: 151 bytes.</summary>
    public static readonly ModelKitIndexDocument Empty = new([]);

    /// <summary>The index's own annotations, kept when another writer set them.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The index's <c>subject</c> descriptor as compact JSON, kept when another writer set it.</summary>
    public string? Subject { get; init; }

    /// <summary>Whether fetched content is a ModelKit index: the OCI index media type and the KitOps index artifact type.</summary>
    public static bool IsModelKitIndex(string mediaType, ReadOnlySpan<byte> content)
    {
        if (mediaType != MediaTypes.ImageIndex)
            return false;
        try
        {
            var reader = new Utf8JsonReader(content, Kit.Oci.Serialization.GoJsonDepth.ReaderOptions);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("artifactType", out var at) && at.ValueKind == JsonValueKind.String
                && at.GetString() == IndexFormat.ArtifactType;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <exception cref="FormatException">Not a ModelKit index (media type, artifact type or shape).</exception>
    public static ModelKitIndexDocument Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), Kit.Oci.Serialization.GoJsonDepth.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"artifact is not a ModelKit index: not valid JSON ({e.Message})", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "mediaType") != MediaTypes.ImageIndex || Text(root, "artifactType") != IndexFormat.ArtifactType)
                throw new FormatException("artifact is not a ModelKit index");
            var entries = new List<IndexEntry>();
            if (root.TryGetProperty("manifests", out var ms) && ms.ValueKind != JsonValueKind.Null)
            {
                if (ms.ValueKind != JsonValueKind.Array)
                    throw new FormatException("ModelKit index: manifests must be an array");
                var i = 0;
                foreach (var m in ms.EnumerateArray())
                    entries.Add(ReadEntry(m, $"ModelKit index entry {i++}"));
            }
            return new ModelKitIndexDocument(entries)
            {
                Annotations = DescriptorJson.ReadAnnotations(root, "ModelKit index"),
                Subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.Object ? RawJson.Compact(s.GetRawText()) : null,
            };
        }
    }

    public byte[] ToJsonBytes()
    {
        var w = new GoJsonWriter();
        w.StartObject();
        w.Property("schemaVersion", 2);
        w.Property("mediaType", MediaTypes.ImageIndex);
        w.Property("artifactType", IndexFormat.ArtifactType);
        w.Name("manifests");
        w.StartArray();
        foreach (var e in Entries)
            WriteEntry(w, e);
        w.EndArray();
        if (Subject is not null)
        {
            w.Name("subject");
            w.RawValue(Subject);
        }
        DescriptorJson.WriteAnnotations(w, Annotations);
        w.EndObject();
        return Encoding.UTF8.GetBytes(w.ToString());
    }

    /// <summary>The entry for <paramref name="digest"/>, if any.</summary>
    public IndexEntry? Find(Digest digest) => Entries.FirstOrDefault(e => e.Digest == digest);

    /// <summary>This index with <paramref name="entry"/> in place of the entry of the same digest, else appended.</summary>
    public ModelKitIndexDocument Put(IndexEntry entry)
    {
        var entries = Entries.ToList();
        var at = entries.FindIndex(e => e.Digest == entry.Digest);
        if (at >= 0) entries[at] = entry;
        else entries.Add(entry);
        return this with { Entries = entries };
    }

    /// <summary>This index without the entry of <paramref name="digest"/>.</summary>
    public ModelKitIndexDocument Without(Digest digest) => this with { Entries = Entries.Where(e => e.Digest != digest).ToList() };

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IndexEntry ReadEntry(JsonElement e, string where)
    {
        var descriptor = DescriptorJson.Read(e, where);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("modelMetadata", out var md) && md.ValueKind != JsonValueKind.Null)
        {
            if (md.ValueKind != JsonValueKind.Object)
                throw new FormatException($"{where}: modelMetadata must be a JSON object");
            foreach (var p in md.EnumerateObject())
                labels[p.Name] = RawJson.Compact(p.Value.GetRawText());
        }
        var other = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in OtherFieldNames)
        {
            if (e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
                other[name] = RawJson.Compact(v.GetRawText());
        }
        return new IndexEntry(descriptor.MediaType, descriptor.Digest, descriptor.Size)
        {
            Annotations = descriptor.Annotations ?? new Dictionary<string, string>(StringComparer.Ordinal),
            ArtifactType = Text(e, "artifactType") is { Length: > 0 } at ? at : null,
            Labels = labels,
            OtherFields = other,
        };
    }

    private static readonly string[] OtherFieldNames = ["urls", "data", "platform"];

    private static void WriteEntry(GoJsonWriter w, IndexEntry e)
    {
        w.StartObject();
        w.Property("mediaType", e.MediaType);
        w.Property("digest", e.Digest.ToString());
        w.Property("size", e.Size);
        Other(w, e, "urls");
        DescriptorJson.WriteAnnotations(w, e.Annotations);
        Other(w, e, "data");
        Other(w, e, "platform");
        if (e.ArtifactType is not null)
            w.Property("artifactType", e.ArtifactType);
        if (e.Labels.Count > 0)
        {
            w.Name("modelMetadata");
            w.StartObject();
            foreach (var key in e.Labels.Keys.OrderBy(k => k, Utf8Order.Instance))
            {
                w.Name(key);
                w.RawValue(e.Labels[key]);
            }
            w.EndObject();
        }
        w.EndObject();
    }

    private static void Other(GoJsonWriter w, IndexEntry e, string name)
    {
        if (!e.OtherFields.TryGetValue(name, out var raw))
            return;
        w.Name(name);
        w.RawValue(raw);
    }
}
