using Kit.Core.Remote;
using Kit.Oci;
using Spectre.Console;

namespace Kit.Cli.Output;

/// <summary>One Spectre.Console progress row per blob; Spectre's context and tasks are safe to update from many threads.</summary>
internal sealed class BarTransferProgress(ProgressContext context) : ITransferObserver
{
    public IBlobTransfer Started(Digest digest, long size, string description)
    {
        var label = $"Copying {TransferProgress.ShortDigest(digest)}{(string.IsNullOrEmpty(description) ? "" : " " + Markup.Escape(description))}";
        var task = context.AddTask(label, autoStart: true, maxValue: Math.Max(size, 1));
        return new Row(task, label);
    }

    private sealed class Row(ProgressTask task, string label) : IBlobTransfer
    {
        public void Report(long value) => task.Value = value;

        public void Finished(BlobTransferOutcome outcome)
        {
            task.Description = $"{label} [grey]{TransferProgress.Describe(outcome)}[/]";
            task.Value = task.MaxValue;
            task.StopTask();
        }

        public void Failed()
        {
            task.Description = $"{label} [red]failed[/]";
            task.StopTask();
        }
    }
}
