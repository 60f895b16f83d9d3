namespace Kit.Core.Format;

/// <summary>The annotation keys KitOps writes on ModelKit manifests and layers.</summary>
internal static class ModelKitAnnotations
{
    /// <summary>Manifest: the version of the tool that packed it.</summary>
    public const string CliVersion = "ml.kitops.modelkit.cli-version";

    /// <summary>
    /// The <see cref="CliVersion"/> value: the tool as well as its version, since a bare <c>0.1.0</c> would read as an
    /// early KitOps release. KitOps only displays the value, so nothing depends on its form (only the manifest digest
    /// differs, as between any two KitOps versions).
    /// </summary>
    public static string CliVersionValue(string version) => "kit-dotnet/" + version;

    /// <summary>ModelPack manifest: the Kitfile as its config JSON, so KitOps can read back what a model-spec config cannot hold.</summary>
    public const string Kitfile = "ml.kitops.modelkit.kitfile";

    /// <summary>Layer: the Kitfile entry's path, cleaned as Go's <c>filepath.Clean</c> does (CNCF model-spec key).</summary>
    public const string FilePath = "org.cncf.model.filepath";

    /// <summary>Layer: what a code layer really holds (<c>prompt</c> for a <c>prompts</c> entry).</summary>
    public const string LayerSubtype = "ml.kitops.modelkit.layer-subtype";
}
