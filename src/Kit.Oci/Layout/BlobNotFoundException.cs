using Kit.Oci.Content;

namespace Kit.Oci.Layout;

/// <summary>The store holds no blob with this digest.</summary>
public sealed class BlobNotFoundException : ContentNotFoundException
{
    /// <summary>No blob <paramref name="digest"/> at <paramref name="path"/>.</summary>
    /// <param name="digest">The missing blob.</param>
    /// <param name="path">Where it would be.</param>
    public BlobNotFoundException(Digest digest, string path)
        : base(digest.ToString(), $"{digest}: blob not found in the local store")
    {
        Digest = digest;
        Path = path;
    }

    /// <summary>The missing blob.</summary>
    public Digest Digest { get; }

    /// <summary>Where the blob would be.</summary>
    public string Path { get; }
}
