using Kit.Core.Packing;
using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>Pack events as <see cref="KitProgress"/> reports and <see cref="KitMessage"/>s.</summary>
internal sealed class PackProgressReporter(IProgress<KitProgress>? progress, Action<KitMessageLevel, string> message) : IPackObserver
{
    public void Warn(string text) => message(KitMessageLevel.Warning, text);

    public void Info(string text) => message(KitMessageLevel.Info, text);

    public IProgress<long>? LayerStarted(string description, long totalBytes)
    {
        if (progress is null) return null;
        progress.Report(new KitProgress(KitProgressStage.Started, description, 0, totalBytes, null));
        return new LayerBytes(progress, description, totalBytes);
    }

    public void LayerSaved(string description, Descriptor layer) =>
        progress?.Report(new KitProgress(KitProgressStage.Done, description, layer.Size, layer.Size, layer.Digest));

    private sealed class LayerBytes(IProgress<KitProgress> progress, string description, long totalBytes) : IProgress<long>
    {
        public void Report(long value) => progress.Report(new KitProgress(KitProgressStage.Progress, description, value, totalBytes, null));
    }
}
