using Kit.Oci;

namespace Kit.Core.Transfer;

internal sealed class NullTransferObserver : ITransferObserver
{
    public static NullTransferObserver Instance { get; } = new();

    public void BlobStarted(Descriptor blob, TransferBlobKind kind) { }
    public void BlobProgress(Descriptor blob, long bytes) { }
    public void BlobCompleted(Descriptor blob, BlobTransferOutcome outcome) { }
}
