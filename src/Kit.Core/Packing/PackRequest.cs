using Kit.Core.References;

namespace Kit.Core.Packing;

/// <summary>What <c>kit pack</c> was asked to do, with every path already resolved by the caller.</summary>
internal sealed record PackRequest
{
    public required string ContextDirectory { get; init; }

    /// <summary>The Kitfile as found by <see cref="Kitfiles.KitfileLocator"/>.</summary>
    public required Kitfiles.KitfileSource Kitfile { get; init; }

    /// <summary>Where to name the result; <see cref="ModelReference.Unnamed"/> stores it untagged.</summary>
    public required ModelReference Reference { get; init; }

    public LayerCompression Compression { get; init; } = LayerCompression.None;

    /// <summary><c>--layer-format</c>: raw packs every entry's one file verbatim (a directory is then an error).</summary>
    public LayerFormat Format { get; init; } = LayerFormat.Tar;

    /// <summary><c>--use-model-pack</c>: write a CNCF ModelPack (model-spec media types and config) instead of a ModelKit.</summary>
    public Kit.Core.Format.ArtifactFormat Artifact { get; init; } = Kit.Core.Format.ArtifactFormat.ModelKit;

    /// <summary>The packing tool's version, recorded as <c>kit-dotnet/&lt;version&gt;</c> in the <c>ml.kitops.modelkit.cli-version</c> manifest annotation.</summary>
    public required string CliVersion { get; init; }

    /// <summary>The manifest's <c>org.opencontainers.image.created</c> time (whole seconds, UTC); null for now.</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Reads environment variables (the <c>S3_*</c> settings for remote datasets); the process environment when null.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>Read and hash every file, even those the store recorded as unchanged since an earlier pack.</summary>
    public bool Reread { get; init; }

    /// <summary>
    /// The caller gives the context's files away (<c>kit import</c>, which deletes what it downloaded): a raw,
    /// uncompressed layer's file, when nothing else links to it, is moved into the store as the blob instead of copied.
    /// </summary>
    public bool GiveAwayFiles { get; init; }
}
