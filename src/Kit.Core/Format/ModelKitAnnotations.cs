namespace Kit.Core.Format;

/// <summary>The annotation keys KitOps writes on ModelKit manifests and layers.</summary>
internal static class ModelKitAnnotations
{
    /// <summary>Manifest: the version of the tool that packed it.</summary>
    public const string CliVersion = "ml.kitops.modelkit.cli-version";

    /// <summary>Layer: the Kitfile entry's path, cleaned as Go's <c>filepath.Clean</c> does (CNCF model-spec key).</summary>
    public const string FilePath = "org.cncf.model.filepath";

    /// <summary>Layer: what a code layer really holds (<c>prompt</c> for a <c>prompts</c> entry).</summary>
    public const string LayerSubtype = "ml.kitops.modelkit.layer-subtype";
}
