namespace Kit.Core.Kitfiles;

/// <summary>
/// A Kitfile: the YAML manifest of a ModelKit and, once packed, its config blob.
/// Empty strings mean "not set", as in KitOps (every string field is omitempty there).
/// </summary>
public sealed record Kitfile
{
    /// <summary>The Kitfile format version (<c>manifestVersion</c>), e.g. <c>1.0.0</c>.</summary>
    public string ManifestVersion { get; init; } = "";
    /// <summary>Descriptive metadata; never packed as a layer.</summary>
    public PackageSection Package { get; init; } = PackageSection.Empty;

    /// <summary>Null when the Kitfile has no <c>model</c> key; an empty section is kept (JSON <c>"model":{}</c>).</summary>
    public ModelSection? Model { get; init; }

    /// <summary>The <c>code</c> entries, each packed as one layer, in Kitfile order.</summary>
    public EquatableList<CodeEntry> Code { get; init; } = EquatableList<CodeEntry>.Empty;
    /// <summary>The <c>datasets</c> entries, each packed as one layer, in Kitfile order.</summary>
    public EquatableList<DatasetEntry> Datasets { get; init; } = EquatableList<DatasetEntry>.Empty;
    /// <summary>The <c>docs</c> entries, each packed as one layer, in Kitfile order.</summary>
    public EquatableList<DocsEntry> Docs { get; init; } = EquatableList<DocsEntry>.Empty;
    /// <summary>The <c>prompts</c> entries, each packed as one code-type layer marked as a prompt, in Kitfile order.</summary>
    public EquatableList<PromptEntry> Prompts { get; init; } = EquatableList<PromptEntry>.Empty;
    /// <summary>The <c>mcpServers</c> entries, each packed as one <c>.mcpb</c> layer, in Kitfile order.</summary>
    public EquatableList<McpServerEntry> McpServers { get; init; } = EquatableList<McpServerEntry>.Empty;

    /// <summary>This Kitfile as YAML, as KitOps writes it (<c>kit init</c>, <c>kit info</c>, unpack); digests are never written.</summary>
    public string ToYaml() => KitfileYaml.Write(this);
}
