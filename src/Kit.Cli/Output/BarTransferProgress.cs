using System.Collections.Concurrent;
using Kit.Core.Transfer;
using Kit.Oci;
using Spectre.Console;

namespace Kit.Cli.Output;

/// <summary>One Spectre.Console progress row per blob; Spectre's context and tasks are safe to update from many threads.</summary>
internal sealed class BarTransferProgress(ProgressContext context) : ITransferObserver
{
    private readonly ConcurrentDictionary<Digest, (ProgressTask Task, string Label)> _rows = new();

    public void BlobStarted(Descriptor blob, TransferBlobKind kind)
    {
        var label = $"Copying {TransferProgress.ShortDigest(blob.Digest)} {Markup.Escape(TransferProgress.Describe(blob, kind))}";
        _rows[blob.Digest] = (context.AddTask(label, autoStart: true, maxValue: Math.Max(blob.Size, 1)), label);
    }

    public void BlobProgress(Descriptor blob, long bytes)
    {
        if (_rows.TryGetValue(blob.Digest, out var row)) row.Task.Value = bytes;
    }

    public void BlobCompleted(Descriptor blob, BlobTransferOutcome outcome)
    {
        if (!_rows.TryGetValue(blob.Digest, out var row)) return;
        row.Task.Description = $"{row.Label} [grey]{TransferProgress.Describe(outcome)}[/]";
        row.Task.Value = row.Task.MaxValue;
        row.Task.StopTask();
    }
}
