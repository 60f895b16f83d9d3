using Kit.Cli.Output;
using Kit.Core.Packing;
using Kit.Oci;
using Spectre.Console;

namespace Kit.Cli.Commands.Pack;

/// <summary>Pack events as log lines on stderr, and a row per layer in the live display when there is one.</summary>
internal sealed class PackLog(ConsoleLog log, ProgressContext? live = null) : IPackObserver
{
    private readonly ByteRows? _rows = live is null ? null : new ByteRows(live, "Packing", "Saved");

    // Layers are written one after another, so the row being filled is the latest one.
    private (IProgress<long> Row, long Total)? _current;

    public void Warn(string message) => log.Warn(message);
    public void Info(string message) => log.Info(message);

    public IProgress<long>? LayerStarted(string description, long totalBytes)
    {
        log.Debug($"Packing {description} ({totalBytes} bytes)");
        if (_rows is null) return null;
        var space = description.IndexOf(' ', StringComparison.Ordinal);
        var row = space < 0 ? _rows.Start(description, "", totalBytes) : _rows.Start(description[..space], description[(space + 1)..], totalBytes);
        _current = (row, totalBytes);
        return row;
    }

    // An empty layer reports no bytes: its row finishes here.
    public void LayerSaved(string description, Descriptor layer) => _current?.Row.Report(_current.Value.Total);
}
