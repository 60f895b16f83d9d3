using Kit.Cli.Output;
using Kit.Core.Packing;
using Kit.Oci;
using Spectre.Console;

namespace Kit.Cli.Commands.Pack;

/// <summary>Pack events as log lines on stderr, and a row per layer in the live display when there is one.</summary>
internal sealed class PackLog(ConsoleLog log, ProgressContext? live = null) : IPackObserver
{
    // Layers are written one after another, so the row being filled is the latest one.
    private ProgressTask? _row;
    private string _layer = "";

    public void Warn(string message) => log.Warn(message);
    public void Info(string message) => log.Info(message);

    public IProgress<long>? LayerStarted(string description, long totalBytes)
    {
        log.Debug($"Packing {description} ({totalBytes} bytes)");
        if (live is null) return null;
        _layer = description;
        var row = _row = live.AddTask(Label("Packing"), autoStart: true, maxValue: Math.Max(totalBytes, 1));
        return new Progress(row);
    }

    public void LayerSaved(string description, Descriptor layer)
    {
        if (_row is not { } row) return;
        row.Description = Label("Saved");
        row.Value = row.MaxValue;
        row.StopTask();
    }

    private string Label(string verb)
    {
        var space = _layer.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? LiveProgress.Label(verb, _layer, "") : LiveProgress.Label(verb, _layer[..space], _layer[(space + 1)..]);
    }

    /// <summary>Synchronous, unlike <see cref="Progress{T}"/>: the packer reports from its own threads.</summary>
    private sealed class Progress(ProgressTask row) : IProgress<long>
    {
        public void Report(long value) => row.Value = value;
    }
}
