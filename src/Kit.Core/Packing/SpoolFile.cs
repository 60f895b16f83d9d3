using System.Security.Cryptography;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Packing;

/// <summary>
/// A layer kept on disk only until it is pushed in one PUT (for registries that take no chunks): a file in the store's
/// ingest area, where garbage collection leaves locked files alone, hashed while written and deleted on dispose.
/// </summary>
internal sealed class SpoolFile : IDisposable
{
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    private SpoolFile(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete, 1 << 20, FileOptions.DeleteOnClose);
        Stream = new HashingWriteStream(_file, _hash);
    }

    public static SpoolFile Create(OciLayoutStore layout)
    {
        Directory.CreateDirectory(layout.IngestDirectory);
        return new SpoolFile(System.IO.Path.Combine(layout.IngestDirectory, "spool-" + Guid.NewGuid().ToString("N")));
    }

    public string Path { get; }

    /// <summary>Receives the blob; flushed by the caller before <see cref="Describe"/>.</summary>
    public Stream Stream { get; }

    public Descriptor Describe(string mediaType)
    {
        _file.Flush();
        return new Descriptor(mediaType, Digest.FromHash(_hash.GetHashAndReset()), _file.Length);
    }

    public void Dispose()
    {
        _file.Dispose();
        _hash.Dispose();
    }
}
