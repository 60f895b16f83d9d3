namespace Kit.Core.Format;

/// <summary>The specification a ModelKit's manifest and config follow.</summary>
internal enum ArtifactFormat
{
    /// <summary>KitOps's own: <c>application/vnd.kitops.modelkit.*</c> media types, the Kitfile as config.</summary>
    ModelKit,

    /// <summary>
    /// The CNCF model-spec (ModelPack): <c>application/vnd.cncf.model.*</c> media types and a model-spec config; the
    /// Kitfile, when the writer kept one, is a manifest annotation.
    /// </summary>
    ModelPack,
}
