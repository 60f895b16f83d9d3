namespace Kit.Core.Indexes;

/// <summary>The names a ModelKit index is written with (KitOps 1.17).</summary>
internal static class IndexFormat
{
    /// <summary>The index's <c>artifactType</c>; an OCI index without it is not a ModelKit index.</summary>
    public const string ArtifactType = "application/vnd.kitops.modelkit.index.v1+json";

    /// <summary>An entry's annotation: the tag the ModelKit was added under (absent when added by digest).</summary>
    public const string OriginalTagAnnotation = "ml.kitops.modelkit.original-tag";

    /// <summary>An entry's annotation: the sum of the ModelKit's layer sizes, in decimal.</summary>
    public const string SizeAnnotation = "ml.kitops.modelkit.size";

    /// <summary>Annotation keys with this prefix are kit's own; <c>--annotate</c> may not set them.</summary>
    public const string ReservedAnnotationPrefix = "ml.kitops.modelkit.";
}
