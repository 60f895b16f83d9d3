using Kit.Core.Formatting;
using Kit.Core.Transfer;
using Kit.Oci;

namespace Kit.Cli.Output;

/// <summary>Progress for logs and CI: a line when a blob starts and one when it ends, no byte counts in between.</summary>
internal sealed class PlainTransferProgress(TextWriter err) : ITransferObserver
{
    private readonly object _gate = new();

    public void BlobStarted(Descriptor blob, TransferBlobKind kind) =>
        Write($"Copying {TransferProgress.ShortDigest(blob.Digest)} ({SizeFormatter.Format(blob.Size)}) {TransferProgress.Describe(blob, kind)}");

    public void BlobProgress(Descriptor blob, long bytes) { }

    public void BlobCompleted(Descriptor blob, BlobTransferOutcome outcome) =>
        Write($"Copying {TransferProgress.ShortDigest(blob.Digest)}: done, {TransferProgress.Describe(outcome)}");

    private void Write(string line)
    {
        lock (_gate) err.WriteLine(line);
    }
}
