using Kit.Core.Transfer;
using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>Blob transfer events as <see cref="KitProgress"/> reports, forwarded synchronously so one blob's reports stay in order.</summary>
internal sealed class TransferProgressReporter(IProgress<KitProgress> progress) : ITransferObserver
{
    public static ITransferObserver For(IProgress<KitProgress>? progress) =>
        progress is null ? NullTransferObserver.Instance : new TransferProgressReporter(progress);

    public void BlobStarted(Descriptor blob, TransferBlobKind kind) => Report(KitProgressStage.Started, blob, 0, Name(kind));

    public void BlobProgress(Descriptor blob, long bytes) => Report(KitProgressStage.Progress, blob, bytes, null);

    public void BlobCompleted(Descriptor blob, BlobTransferOutcome outcome) =>
        Report(outcome is BlobTransferOutcome.Skipped or BlobTransferOutcome.Mounted ? KitProgressStage.Skipped : KitProgressStage.Done,
            blob, blob.Size, null);

    private void Report(KitProgressStage stage, Descriptor blob, long bytes, string? kind) =>
        progress.Report(new KitProgress(stage, kind ?? Name(blob), bytes, blob.Size, blob.Digest));

    private static string Name(TransferBlobKind kind) => kind switch
    {
        TransferBlobKind.Config => "config",
        TransferBlobKind.Manifest => "manifest",
        _ => "layer",
    };

    // Only BlobStarted carries the kind; the media type tells the same for the later reports.
    private static string Name(Descriptor blob) =>
        blob.MediaType == MediaTypes.ImageManifest ? "manifest"
        : Format.ModelKitMediaTypes.IsConfig(blob.MediaType) ? "config"
        : "layer";
}
