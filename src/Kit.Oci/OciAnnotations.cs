namespace Kit.Oci;

/// <summary>Annotation keys defined by the OCI image spec that this library interprets.</summary>
public static class OciAnnotations
{
    /// <summary>Names a manifest inside an image layout's index.json (https://github.com/opencontainers/image-spec/blob/main/image-layout.md#indexjson-file).</summary>
    public const string RefName = "org.opencontainers.image.ref.name";
}
