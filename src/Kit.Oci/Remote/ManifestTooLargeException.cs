namespace Kit.Oci.Remote;

/// <summary>A manifest exceeds the size we accept (4 MiB, the distribution-spec recommendation), refused before it is read.</summary>
public sealed class ManifestTooLargeException(string registry, string subject, long limit, long? size)
    : Exception($"registry {registry}: fetch manifest {subject}: manifest is larger than {limit} bytes"
        + (size is { } s ? $" ({s} bytes)" : ""))
{
    /// <summary>The largest manifest accepted, in bytes.</summary>
    public long Limit { get; } = limit;
    /// <summary>The manifest's size when the registry announced it; null when it only became clear while reading.</summary>
    public long? Size { get; } = size;
}
