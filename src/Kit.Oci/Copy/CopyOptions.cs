namespace Kit.Oci.Copy;

/// <summary>How <see cref="GraphCopy"/> copies.</summary>
public sealed record CopyOptions
{
    /// <summary>Nodes transferring bytes at the same time (default 5). A node waiting for its children or for another copy of itself holds no slot.</summary>
    public int Concurrency { get; init; } = 5;

    /// <summary>Receives per-node progress; <see cref="ICopyObserver.None"/> by default.</summary>
    public ICopyObserver Observer { get; init; } = ICopyObserver.None;

    /// <summary>
    /// Which layers of an image manifest to copy (all when null); configs and manifests are always copied. A target
    /// then holds a manifest without all its layers, so use it with <see cref="GraphCopy.CopyGraphAsync(Content.IReadOnlyStorage, Content.IStorage, Descriptor, CopyOptions?, CancellationToken)"/>, which names nothing.
    /// </summary>
    public Func<Descriptor, bool>? LayerFilter { get; init; }

    /// <summary>
    /// Other repositories of the target's registry that may hold a blob, tried in order when the target can mount
    /// (<see cref="Content.IMountable"/>); a failed mount falls back to an upload.
    /// </summary>
    public Func<Descriptor, IReadOnlyList<string>>? MountCandidates { get; init; }

    /// <summary>The root's bytes when the caller has read them already (to check what it copies); verified against the root here.</summary>
    public ReadOnlyMemory<byte>? RootContent { get; init; }

    /// <summary>Largest manifest or index read into memory (the distribution spec's 4 MiB by default).</summary>
    public long MaxManifestSize { get; init; } = 4 << 20;

    internal void Validate()
    {
        if (Concurrency < 1)
            throw new ArgumentOutOfRangeException(nameof(Concurrency), Concurrency, "concurrency must be at least 1");
    }
}
