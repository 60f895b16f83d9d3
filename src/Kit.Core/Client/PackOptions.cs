using Kit.Core.Packing;

namespace Kit.Core.Client;

/// <summary>What <see cref="KitClient.PackAsync"/> packs besides the directory, and how.</summary>
public sealed record PackOptions
{
    /// <summary>Path of the Kitfile; null uses <c>Kitfile</c> (or <c>kitfile</c>, <c>.kitfile</c>) in the directory. Relative paths are relative to the current directory.</summary>
    public string? KitfilePath { get; init; }

    /// <summary>The Kitfile's YAML text, instead of a file (as <c>kit pack -f -</c> reads it from stdin). Cannot be combined with <see cref="KitfilePath"/>.</summary>
    public string? KitfileText { get; init; }

    /// <summary>Name(s) for the ModelKit, <c>[registry/]repository[:tag][,tag2...]</c>; null stores it untagged.</summary>
    public string? Tag { get; init; }

    /// <summary>Layer compression; KitOps's default is none.</summary>
    public LayerCompression Compression { get; init; } = LayerCompression.None;

    /// <summary>
    /// Tar (the default), or raw: each entry's one regular file stored verbatim (then compressed as asked), with its
    /// path and file metadata in layer annotations. A directory entry cannot be packed raw.
    /// </summary>
    public LayerFormat LayerFormat { get; init; } = LayerFormat.Tar;

    /// <summary>
    /// Read and hash every file. By default a layer whose files (size, inode, modification and change times) are
    /// unchanged since an earlier pack into the same store reuses that pack's blob without reading them.
    /// </summary>
    public bool Reread { get; init; }

    /// <summary>
    /// Pack straight into the registry <see cref="Tag"/> names (which then must name one), streaming each layer into
    /// its upload while it is built; nothing is stored locally unless <see cref="KeepLocal"/>.
    /// </summary>
    public bool Push { get; init; }

    /// <summary>With <see cref="Push"/>: also store the ModelKit in the local store, in the same pass.</summary>
    public bool KeepLocal { get; init; }

    /// <summary>
    /// Write a CNCF ModelPack (model-spec media types and config, the Kitfile kept in a manifest annotation) that
    /// model-spec tools such as modctl read, instead of a ModelKit. MCP servers and compressed raw layers cannot be packed so.
    /// </summary>
    public bool UseModelPack { get; init; }
}
