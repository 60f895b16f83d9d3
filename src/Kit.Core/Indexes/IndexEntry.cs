using Kit.Oci;

namespace Kit.Core.Indexes;

/// <summary>
/// One ModelKit of an index: its manifest descriptor, the annotations kit records (original tag, size) and the user's
/// labels (<c>modelMetadata</c>), each label value raw compact JSON (<c>"q4_0"</c>, <c>6</c>, <c>["cuda","metal"]</c>).
/// </summary>
internal sealed record IndexEntry(string MediaType, Digest Digest, long Size)
{
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The ModelKit's manifest format (ModelKit or ModelPack); null when the writer did not record it.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>Label key → compact JSON value.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Descriptor fields kit does not use but another writer set (<c>urls</c>, <c>data</c>, <c>platform</c>), as compact JSON, kept on rewrite.</summary>
    public IReadOnlyDictionary<string, string> OtherFields { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The tag recorded when the ModelKit was added, if any.</summary>
    public string? OriginalTag => Annotations.TryGetValue(IndexFormat.OriginalTagAnnotation, out var t) && t.Length > 0 ? t : null;

    /// <summary>The recorded total layer size, if any.</summary>
    public long? RecordedSize =>
        Annotations.TryGetValue(IndexFormat.SizeAnnotation, out var s)
        && long.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>How messages show the entry: <c>registry/repository:original-tag</c>, else its digest.</summary>
    public string Shown(string fullRepository) => OriginalTag is { } tag ? $"{fullRepository}:{tag}" : Digest.ToString();

    /// <summary>Labels as <c>key=value</c>, sorted by key, string values unquoted.</summary>
    public IReadOnlyList<string> LabelPairs() => IndexLabels.Pairs(Labels);
}
