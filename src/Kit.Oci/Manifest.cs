using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Oci;

/// <summary>An immutable OCI image manifest.</summary>
public sealed record Manifest(Descriptor Config, IReadOnlyList<Descriptor> Layers)
{
    /// <summary>Always 2, as the image spec requires.</summary>
    public int SchemaVersion { get; init; } = 2;

    /// <summary>Annotations; null when there are none.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The top-level mediaType; written only when set, since manifests written without it (KitOps before v1.16) must keep their bytes.</summary>
    public string? MediaType { get; init; }

    /// <summary>The kind of artifact (e.g. a ModelKit); written only when set.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>Reads a manifest leniently: unknown fields are ignored and <c>"layers":null</c> (KitOps, layer-less kits) is an empty list.</summary>
    public static Manifest Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            throw new FormatException($"manifest is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException("manifest must be a JSON object");
            if (!root.TryGetProperty("config", out var config))
                throw new FormatException("manifest has no config descriptor");
            var layers = new List<Descriptor>();
            if (root.TryGetProperty("layers", out var ls) && ls.ValueKind != JsonValueKind.Null)
            {
                if (ls.ValueKind != JsonValueKind.Array)
                    throw new FormatException("manifest layers must be an array");
                var i = 0;
                foreach (var l in ls.EnumerateArray())
                    layers.Add(DescriptorJson.Read(l, $"manifest layer {i++}"));
            }
            return new Manifest(DescriptorJson.Read(config, "manifest config"), layers)
            {
                SchemaVersion = root.TryGetProperty("schemaVersion", out var sv) && sv.TryGetInt32(out var v) ? v : 2,
                MediaType = root.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString() : null,
                ArtifactType = root.TryGetProperty("artifactType", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString() : null,
                Annotations = DescriptorJson.ReadAnnotations(root, "manifest"),
            };
        }
    }

    /// <summary>
    /// Compact JSON byte-for-byte as KitOps (Go's OCI manifest struct) writes it: schemaVersion, mediaType,
    /// artifactType, config, layers, annotations; except that no layers is <c>[]</c> rather than <c>null</c>.
    /// </summary>
    public byte[] ToJsonBytes()
    {
        var w = new GoJsonWriter();
        w.StartObject();
        w.Property("schemaVersion", SchemaVersion);
        if (MediaType is not null)
            w.Property("mediaType", MediaType);
        if (ArtifactType is not null)
            w.Property("artifactType", ArtifactType);
        w.Name("config");
        DescriptorJson.Write(w, Config);
        w.Name("layers");
        w.StartArray();
        foreach (var layer in Layers)
            DescriptorJson.Write(w, layer);
        w.EndArray();
        DescriptorJson.WriteAnnotations(w, Annotations);
        w.EndObject();
        return w.ToUtf8Bytes();
    }
}
