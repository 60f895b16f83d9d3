namespace Kit.Oci;

/// <summary>OCI media types this library reads and writes.</summary>
public static class MediaTypes
{
    /// <summary>OCI image manifest (<c>application/vnd.oci.image.manifest.v1+json</c>); what a ModelKit's root is.</summary>
    public const string ImageManifest = "application/vnd.oci.image.manifest.v1+json";
    /// <summary>OCI image index, a list of manifests.</summary>
    public const string ImageIndex = "application/vnd.oci.image.index.v1+json";
    /// <summary>Docker schema 2 manifest, accepted when a registry resolves a reference to one.</summary>
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    /// <summary>Docker manifest list, the Docker counterpart of an image index.</summary>
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    /// <summary>Generic binary content, for blobs whose media type says nothing more.</summary>
    public const string OctetStream = "application/octet-stream";
}
