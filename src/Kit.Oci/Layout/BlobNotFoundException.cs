using Kit.Oci.Content;

namespace Kit.Oci.Layout;

/// <summary>The store holds no blob with this digest.</summary>
public sealed class BlobNotFoundException : ContentNotFoundException
{
    public BlobNotFoundException(Digest digest, string path)
        : base(digest.ToString(), $"{digest}: blob not found in the local store")
    {
        Digest = digest;
        Path = path;
    }

    public Digest Digest { get; }

    /// <summary>Where the blob would be.</summary>
    public string Path { get; }
}
