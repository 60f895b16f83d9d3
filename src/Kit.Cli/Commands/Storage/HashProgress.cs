using Spectre.Console;

namespace Kit.Cli.Commands.Storage;

/// <summary>One progress row for re-hashing the store's blobs, fed with (bytes hashed, bytes to hash).</summary>
internal sealed class HashProgress(ProgressContext context, string verb) : IProgress<(long Done, long Total)>
{
    private ProgressTask? _task;

    /// <summary>A row in <paramref name="live"/>; null when there is no live display (no terminal, or progress off).</summary>
    public static HashProgress? For(ProgressContext? live, string verb) => live is null ? null : new HashProgress(live, verb);

    public void Report((long Done, long Total) value)
    {
        _task ??= context.AddTask(Output.LiveProgress.Label(verb, "blobs", ""), autoStart: true, maxValue: Math.Max(value.Total, 1));
        _task.Value = value.Done;
        if (value.Done >= value.Total)
            _task.StopTask();
    }
}
