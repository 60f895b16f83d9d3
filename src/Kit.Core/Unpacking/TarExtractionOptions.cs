using Kit.Oci;

namespace Kit.Core.Unpacking;

/// <summary>How <see cref="SafeTarExtractor"/> treats existing files and its input.</summary>
internal sealed record TarExtractionOptions
{
    public static TarExtractionOptions Default { get; } = new();

    /// <summary>Replace existing regular files (<c>-o</c>).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Keep existing files and skip their entries (<c>-i</c>); wins over <see cref="Overwrite"/>.</summary>
    public bool IgnoreExisting { get; init; }

    /// <summary>How the input is compressed (layer media types ending in <c>+gzip</c> or <c>+zstd</c>).</summary>
    public Packing.LayerCompression Compression { get; init; }

    /// <summary>
    /// Digest of the source bytes as given (the layer blob, compressed or not). When set, the source is hashed
    /// while it streams and files are moved into place only once it matched; a mismatch fails the extraction,
    /// removes the files it staged and leaves existing files untouched.
    /// </summary>
    public Digest? ExpectedDigest { get; init; }

    /// <summary>Set each file's modification time from its header, unless the header holds the Unix epoch or earlier.</summary>
    public bool RestoreModificationTimes { get; init; } = true;
}
