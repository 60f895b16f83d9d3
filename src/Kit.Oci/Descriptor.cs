namespace Kit.Oci;

/// <summary>An immutable OCI content descriptor.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size)
{
    /// <summary>Annotations in the order they were read or added; null when there are none.</summary>
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>The descriptor of <paramref name="content"/>: its digest and length, with <paramref name="mediaType"/>.</summary>
    /// <param name="mediaType">The media type to record.</param>
    /// <param name="content">The exact bytes (e.g. a serialized manifest).</param>
    public static Descriptor For(string mediaType, ReadOnlySpan<byte> content) =>
        new(mediaType, Digest.Compute(content), content.Length);
}
