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
    public static ImageIndex Parse(ReadOnlySpan<byte> json) => ImageIndexReader.Read(json);

    /// <summary>Compact JSON in the field order of Go's ocispec.Index, always with the index mediaType.</summary>
    public byte[] ToJsonBytes() => ToJsonMemory().ToArray();

    /// <summary><see cref="ToJsonBytes"/> without the final copy, for the store's own index.json.</summary>
    internal ReadOnlyMemory<byte> ToJsonMemory()
    {
        // About 230 bytes per entry of a store's index (digest, media type, one name annotation).
        var w = new GoJsonWriter(capacity: 256 + Manifests.Count * 240);
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
        return w.ToUtf8Memory();
    }
}
