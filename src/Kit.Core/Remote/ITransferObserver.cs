using Kit.Oci;

namespace Kit.Core.Remote;

/// <summary>
/// What a push or pull reports per blob, so the CLI can draw progress without the engine touching the console.
/// Called from several transfer tasks at once: implementations are thread-safe.
/// </summary>
public interface ITransferObserver
{
    /// <summary>A blob (layer, config or manifest) is about to be transferred or checked.</summary>
    /// <param name="description">Short human label, e.g. <c>model</c>, <c>dataset reviews</c>, <c>config</c>.</param>
    IBlobTransfer Started(Digest digest, long size, string description);
}

/// <summary>One blob's transfer. <see cref="IProgress{T}.Report"/> takes the bytes done so far (not a delta).</summary>
public interface IBlobTransfer : IProgress<long>
{
    void Finished(BlobTransferOutcome outcome);

    /// <summary>The transfer gave up; the error itself is reported by whoever catches it.</summary>
    void Failed();
}
