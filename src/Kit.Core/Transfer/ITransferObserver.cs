using Kit.Oci;

namespace Kit.Core.Transfer;

/// <summary>
/// Per-blob progress of a push or pull, for progress bars and logs. Called concurrently from several transfers
/// (one blob's calls are in order); implementations must be thread-safe and quick.
/// </summary>
internal interface ITransferObserver
{
    void BlobStarted(Descriptor blob, TransferBlobKind kind);

    /// <summary>Bytes of <paramref name="blob"/> transferred so far (a resumed download starts at what it had).</summary>
    void BlobProgress(Descriptor blob, long bytes);

    void BlobCompleted(Descriptor blob, BlobTransferOutcome outcome);
}
