using Kit.Core.Packing;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

/// <summary>Packs without output, for tests that look at the result only.</summary>
internal sealed class QuietPackObserver : IPackObserver
{
    public void Warn(string message) { }
    public void Info(string message) { }
    public IProgress<long>? LayerStarted(string description, long totalBytes) => null;
    public void LayerSaved(string description, Descriptor layer) { }
}
