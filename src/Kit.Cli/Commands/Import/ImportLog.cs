using Kit.Cli.Commands.Pack;
using Kit.Cli.Output;
using Kit.Core.Importing;
using Kit.Oci;
using Spectre.Console;

namespace Kit.Cli.Commands.Import;

/// <summary>Import events as log lines, and on a terminal a row per file downloading, then per layer packing.</summary>
internal sealed class ImportLog(ConsoleLog log, ProgressContext? live) : IImportObserver
{
    private readonly PackLog _pack = new(log, live);
    private readonly ByteRows? _rows = live is null ? null : new ByteRows(live, "Downloading", "Downloaded");

    public void Info(string message) => log.Info(message);

    public void Warn(string message) => log.Warn(message);

    public IProgress<long>? DownloadStarted(string path, long size) => _rows?.Start("file", path, size);

    public IProgress<long>? LayerStarted(string description, long totalBytes) => _pack.LayerStarted(description, totalBytes);

    public void LayerSaved(string description, Descriptor layer) => _pack.LayerSaved(description, layer);
}
