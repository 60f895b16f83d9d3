using Kit.Oci;
using Kit.Oci.Copy;

namespace Kit.Core.Transfer;

/// <summary>
/// Tells a push's or pull's <see cref="ITransferObserver"/> what the copy engine does, in the words of the direction:
/// a copied node was uploaded (push) or downloaded (pull).
/// </summary>
internal sealed class TransferObserverBridge(ITransferObserver observer, BlobTransferOutcome copied) : ICopyObserver
{
    public void NodeStarted(Descriptor node, CopyNodeKind kind) => observer.BlobStarted(node, kind switch
    {
        CopyNodeKind.Config => TransferBlobKind.Config,
        CopyNodeKind.Layer => TransferBlobKind.Layer,
        _ => TransferBlobKind.Manifest,
    });

    public void NodeProgress(Descriptor node, long bytes) => observer.BlobProgress(node, bytes);

    public void NodeCompleted(Descriptor node, CopyOutcome outcome) => observer.BlobCompleted(node, outcome switch
    {
        CopyOutcome.Skipped => BlobTransferOutcome.Skipped,
        CopyOutcome.Mounted => BlobTransferOutcome.Mounted,
        CopyOutcome.Resumed => BlobTransferOutcome.Resumed,
        _ => copied,
    });
}
