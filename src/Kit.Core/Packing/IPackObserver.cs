using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary>What packing tells the user about; the CLI decides how (log lines, progress bars).</summary>
/// <remarks>
/// Layers are written at the same time: <see cref="LayerStarted"/>, <see cref="LayerSaved"/> and the progress of
/// different layers may come from several threads at once; lines come one at a time, in layer order.
/// </remarks>
internal interface IPackObserver
{
    void Warn(string message);
    void Info(string message);

    /// <summary>
    /// A layer is about to be written; <paramref name="totalBytes"/> of file data will follow, reported to the returned
    /// receiver as a running total that ends at <paramref name="totalBytes"/>.
    /// </summary>
    IProgress<long>? LayerStarted(string description, long totalBytes);

    /// <summary>A layer is stored (or was already); <paramref name="description"/> as given to <see cref="LayerStarted"/>, which reused layers skip.</summary>
    void LayerSaved(string description, Descriptor layer);
}
