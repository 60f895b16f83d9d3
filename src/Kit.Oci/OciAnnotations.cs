namespace Kit.Oci;

/// <summary>Annotation keys defined by the OCI image spec that this library interprets.</summary>
public static class OciAnnotations
{
    /// <summary>Names a manifest inside an image layout's index.json (https://github.com/opencontainers/image-spec/blob/main/image-layout.md#indexjson-file).</summary>
    public const string RefName = "org.opencontainers.image.ref.name";

    /// <summary>When the artifact was made, RFC 3339 (<c>org.opencontainers.image.created</c>).</summary>
    public const string Created = "org.opencontainers.image.created";
}
