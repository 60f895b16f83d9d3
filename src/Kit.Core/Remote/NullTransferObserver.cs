using Kit.Oci;

namespace Kit.Core.Remote;

/// <summary>For callers that do not show progress.</summary>
public sealed class NullTransferObserver : ITransferObserver, IBlobTransfer
{
    public static NullTransferObserver Instance { get; } = new();

    public IBlobTransfer Started(Digest digest, long size, string description) => this;
    public void Report(long value) { }
    public void Finished(BlobTransferOutcome outcome) { }
    public void Failed() { }
}
