using Spectre.Console;

namespace Kit.Cli.Output;

/// <summary>Rows of a live display for items that finish when their last byte is read (unpacked layers).</summary>
internal sealed class ByteRows(ProgressContext live, string verb, string doneVerb)
{
    public IProgress<long> Start(string kind, string name, long total)
    {
        var task = live.AddTask(LiveProgress.Label(verb, kind, name), autoStart: true, maxValue: Math.Max(total, 1));
        return new Row(task, LiveProgress.Label(doneVerb, kind, name), total);
    }

    /// <summary>Synchronous, unlike <see cref="Progress{T}"/>: reports arrive in order from the reading thread.</summary>
    private sealed class Row(ProgressTask task, string doneLabel, long total) : IProgress<long>
    {
        public void Report(long value)
        {
            task.Value = value;
            if (value < total) return;
            task.Description = doneLabel;
            task.StopTask();
        }
    }
}
