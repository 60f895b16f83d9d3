namespace Kit.Core.Store.Maintenance;

/// <summary>What <c>kit storage info</c> reports about the local store.</summary>
/// <param name="ModelKits">(repository, manifest) pairs, tagged or not.</param>
/// <param name="Tags">Tags over all repositories.</param>
/// <param name="Repositories">Repositories holding at least one ModelKit.</param>
/// <param name="Blobs">Files in <c>blobs/sha256</c>.</param>
/// <param name="BytesOnDisk">Their total size.</param>
/// <param name="BytesWithoutSharing">What the same ModelKits would take with one copy of each blob per repository, as the first KitOps stored them.</param>
/// <param name="BytesNamed">Bytes of the blobs some ModelKit uses (each once).</param>
/// <param name="UnnamedBlobs">Blobs no ModelKit uses and remote unpack does not keep: left by interrupted commands or other tools.</param>
/// <param name="UnnamedBytes">Their total size.</param>
/// <param name="IngestFiles">Temporary files of interrupted or running writes in <c>ingest/</c>.</param>
/// <param name="IngestBytes">Their total size.</param>
/// <param name="RemoteUnpackBlobs">Blobs remote unpack keeps for the next unpack that no ModelKit uses (<c>kit cache clear</c> frees them).</param>
/// <param name="RemoteUnpackBytes">Their total size.</param>
internal sealed record StorageInfo(int ModelKits, int Tags, int Repositories, int Blobs, long BytesOnDisk, long BytesWithoutSharing,
    long BytesNamed, int UnnamedBlobs, long UnnamedBytes, int IngestFiles, long IngestBytes, int RemoteUnpackBlobs, long RemoteUnpackBytes)
{
    /// <summary>Bytes sharing blobs across repositories saves.</summary>
    public long BytesSaved => BytesWithoutSharing - BytesNamed;
}
