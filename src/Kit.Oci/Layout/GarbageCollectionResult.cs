namespace Kit.Oci.Layout;

/// <summary>What one garbage collection removed, and what it could not account for.</summary>
/// <param name="DeletedBlobs">Blobs removed from <c>blobs/sha256</c>.</param>
/// <param name="BytesDeleted">Their total size.</param>
/// <param name="StaleIngestFilesDeleted">Temp files of writers that no longer run.</param>
/// <param name="StaleLeasesDeleted">Leases of processes that no longer run.</param>
/// <param name="Problems">What is wrong with the index: a listed manifest that is missing (reported; the rest is still collected), or one that is there but cannot be read (then no blob was deleted).</param>
public sealed record GarbageCollectionResult(
    IReadOnlyList<Digest> DeletedBlobs,
    long BytesDeleted,
    int StaleIngestFilesDeleted,
    int StaleLeasesDeleted,
    IReadOnlyList<string> Problems)
{
    /// <summary>Files other than blobs removed (temporary files, leases), with their sizes.</summary>
    internal IReadOnlyList<(string Path, long Bytes)> DeletedFiles { get; init; } = [];

    /// <summary>The size of each blob in <see cref="DeletedBlobs"/>.</summary>
    internal IReadOnlyDictionary<Digest, long> DeletedBlobSizes { get; init; } = new Dictionary<Digest, long>();

    /// <summary>The number of blobs removed.</summary>
    public int BlobsDeleted => DeletedBlobs.Count;
}
