using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary>What packing tells the user about; the CLI decides how (log lines, progress bars).</summary>
internal interface IPackObserver
{
    void Warn(string message);
    void Info(string message);

    /// <summary>A layer is about to be written; <paramref name="totalBytes"/> of file data will follow.</summary>
    IProgress<long>? LayerStarted(string description, long totalBytes);

    /// <summary>A layer is in the store (its "Saved"/"Already saved" line has gone to <see cref="Info"/>).</summary>
    void LayerSaved(string description, Descriptor layer);
}
