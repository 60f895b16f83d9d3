using System.Collections.Concurrent;
using Kit.Core.Transfer;
using Kit.Oci;
using Spectre.Console;

namespace Kit.Cli.Output;

/// <summary>One Spectre.Console progress row per blob; Spectre's context and tasks are safe to update from many threads.</summary>
internal sealed class BarTransferProgress(ProgressContext context) : ITransferObserver
{
    private readonly ConcurrentDictionary<Digest, (ProgressTask Task, string Kind)> _rows = new();

    public void BlobStarted(Descriptor blob, TransferBlobKind kind)
    {
        var what = TransferProgress.Describe(blob, kind);
        _rows[blob.Digest] = (context.AddTask(LiveProgress.Label("Copying", what, blob.Digest.Hex[..6]), autoStart: true, maxValue: Math.Max(blob.Size, 1)), what);
    }

    public void BlobProgress(Descriptor blob, long bytes)
    {
        if (_rows.TryGetValue(blob.Digest, out var row)) row.Task.Value = bytes;
    }

    public void BlobCompleted(Descriptor blob, BlobTransferOutcome outcome)
    {
        if (!_rows.TryGetValue(blob.Digest, out var row)) return;
        row.Task.Description = LiveProgress.Label(Verb(outcome), row.Kind, blob.Digest.Hex[..6]);
        row.Task.Value = row.Task.MaxValue;
        row.Task.StopTask();
    }

    /// <summary>What happened, in the label's first column of a finished row.</summary>
    private static string Verb(BlobTransferOutcome outcome) => outcome switch
    {
        BlobTransferOutcome.Skipped => "Present",
        BlobTransferOutcome.Mounted => "Mounted",
        BlobTransferOutcome.Uploaded => "Uploaded",
        BlobTransferOutcome.Resumed => "Resumed",
        _ => "Done",
    };
}
