using Kit.Cli.Output;
using Kit.Core.Packing;
using Kit.Oci;

namespace Kit.Cli.Commands.Pack;

/// <summary>Pack events as log lines on stderr.</summary>
internal sealed class PackLog(ConsoleLog log) : IPackObserver
{
    public void Warn(string message) => log.Warn(message);
    public void Info(string message) => log.Info(message);
    public IProgress<long>? LayerStarted(string description, long totalBytes)
    {
        log.Debug($"Packing {description} ({totalBytes} bytes)");
        return null;
    }
    public void LayerSaved(string description, Descriptor layer) { }
}
