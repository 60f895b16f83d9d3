using Kit.Cli.Output;
using Kit.Core.Packing;
using Kit.Oci;
using Spectre.Console;

namespace Kit.Cli.Commands.Pack;

/// <summary>Pack events as log lines on stderr, and a row per layer in the live display when there is one.</summary>
internal sealed class PackLog(ConsoleLog log, ProgressContext? live = null) : IPackObserver
{
    private readonly ByteRows? _rows = live is null ? null : new ByteRows(live, "Packing", "Saved");

    public void Warn(string message) => log.Warn(message);
    public void Info(string message) => log.Info(message);

    public IProgress<long>? LayerStarted(string description, long totalBytes)
    {
        log.Debug($"Packing {description} ({totalBytes} bytes)");
        if (_rows is null) return null;
        var space = description.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? _rows.Start(description, "", totalBytes) : _rows.Start(description[..space], description[(space + 1)..], totalBytes);
    }

    // A row finishes with its last progress report.
    public void LayerSaved(string description, Descriptor layer)
    {
    }
}
