namespace Kit.Oci.Layout;

/// <summary>The store holds no blob with this digest.</summary>
public sealed class BlobNotFoundException : FileNotFoundException
{
    public BlobNotFoundException(Digest digest, string path)
        : base($"{digest}: blob not found in the local store", path)
    {
        Digest = digest;
    }

    public Digest Digest { get; }
}
