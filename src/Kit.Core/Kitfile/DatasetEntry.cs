using Kit.Oci;

namespace Kit.Core.Kitfiles;

/// <summary>An entry of <c>datasets</c>.</summary>
public sealed record DatasetEntry : IKitfileEntry
{
    /// <summary>The name the Kitfile gives this entry.</summary>
    public string Name { get; init; } = "";
    /// <summary>The path relative to the context directory that the layer is built from (a file or a directory).</summary>
    public string Path { get; init; } = "";
    /// <summary>
    /// Where the data really lives (KitOps 1.12+): an <c>s3://bucket/key</c> URL or a ModelKit reference. Such an entry
    /// gets no layer; <see cref="Path"/> is where <c>unpack --include-remote</c> would put the data.
    /// </summary>
    public string RemotePath { get; init; } = "";
    /// <summary>The S3 object's ETag, required with an S3 <see cref="RemotePath"/>.</summary>
    public string RemoteHash { get; init; } = "";
    /// <summary>Free-text description from the Kitfile.</summary>
    public string Description { get; init; } = "";
    /// <summary>License identifier from the Kitfile (an SPDX id by convention; not validated).</summary>
    public string License { get; init; } = "";
    /// <summary>Free-form <c>parameters</c>, kept as a JSON-compatible tree so they survive a round trip unchanged.</summary>
    public ParameterValue? Parameters { get; init; }
    /// <summary>Digest of the packed layer, in a Kitfile read from a ModelKit's config; null in a Kitfile read from disk.</summary>
    public Digest? Digest { get; init; }
    /// <summary>Digest of the uncompressed layer tar (equal to <see cref="Digest"/> when not compressed); null in a Kitfile read from disk.</summary>
    public Digest? DiffId { get; init; }

    /// <summary>A copy recording the layer this entry was packed into.</summary>
    /// <param name="digest">Digest of the layer blob.</param>
    /// <param name="diffId">Digest of the uncompressed tar.</param>
    public DatasetEntry WithLayer(Digest digest, Digest diffId) => this with { Digest = digest, DiffId = diffId };

    IKitfileEntry IKitfileEntry.WithLayer(Digest digest, Digest diffId) => WithLayer(digest, diffId);
}
