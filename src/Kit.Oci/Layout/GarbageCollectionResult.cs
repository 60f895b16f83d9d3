namespace Kit.Oci.Layout;

/// <summary>What one garbage collection removed, and what it could not account for.</summary>
/// <param name="DeletedBlobs">Blobs removed from <c>blobs/sha256</c>.</param>
/// <param name="BytesDeleted">Their total size.</param>
/// <param name="StaleIngestFilesDeleted">Temp files of writers that no longer run.</param>
/// <param name="StaleLeasesDeleted">Leases of processes that no longer run.</param>
/// <param name="Problems">Why some blobs were kept on doubt (e.g. a manifest listed in index.json is missing or corrupt); when not empty, no blob was deleted.</param>
public sealed record GarbageCollectionResult(
    IReadOnlyList<Digest> DeletedBlobs,
    long BytesDeleted,
    int StaleIngestFilesDeleted,
    int StaleLeasesDeleted,
    IReadOnlyList<string> Problems)
{
    /// <summary>The number of blobs removed.</summary>
    public int BlobsDeleted => DeletedBlobs.Count;
}
