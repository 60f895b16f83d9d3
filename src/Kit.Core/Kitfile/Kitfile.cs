namespace Kit.Core.Kitfiles;

/// <summary>
/// A Kitfile: the YAML manifest of a ModelKit and, once packed, its config blob.
/// Empty strings mean "not set", as in KitOps (every string field is omitempty there).
/// </summary>
public sealed record Kitfile
{
    public string ManifestVersion { get; init; } = "";
    public PackageSection Package { get; init; } = PackageSection.Empty;

    /// <summary>Null when the Kitfile has no <c>model</c> key; an empty section is kept (JSON <c>"model":{}</c>).</summary>
    public ModelSection? Model { get; init; }

    public EquatableList<CodeEntry> Code { get; init; } = EquatableList<CodeEntry>.Empty;
    public EquatableList<DatasetEntry> Datasets { get; init; } = EquatableList<DatasetEntry>.Empty;
    public EquatableList<DocsEntry> Docs { get; init; } = EquatableList<DocsEntry>.Empty;
}
