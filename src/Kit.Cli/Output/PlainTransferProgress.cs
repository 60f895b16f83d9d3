using Kit.Core.Formatting;
using Kit.Core.Remote;
using Kit.Oci;

namespace Kit.Cli.Output;

/// <summary>Progress for logs and CI: a line when a blob starts and one when it ends, no byte counts in between.</summary>
internal sealed class PlainTransferProgress(TextWriter err) : ITransferObserver
{
    private readonly object _gate = new();

    public IBlobTransfer Started(Digest digest, long size, string description)
    {
        var label = TransferProgress.ShortDigest(digest);
        Write($"Copying {label} ({SizeFormatter.Format(size)}){(string.IsNullOrEmpty(description) ? "" : " " + description)}");
        return new Blob(this, label);
    }

    private void Write(string line)
    {
        lock (_gate) err.WriteLine(line);
    }

    private sealed class Blob(PlainTransferProgress owner, string label) : IBlobTransfer
    {
        public void Report(long value) { }
        public void Finished(BlobTransferOutcome outcome) => owner.Write($"Copying {label}: done, {TransferProgress.Describe(outcome)}");
        public void Failed() => owner.Write($"Copying {label}: failed");
    }
}
