using Kit.Oci.Copy;

namespace Kit.Core.Transfer;

internal sealed record TransferOptions
{
    /// <summary>Blobs transferred in parallel (<c>--concurrency</c>, default 5).</summary>
    public int Concurrency { get; init; } = 5;

    public ITransferObserver Observer { get; init; } = NullTransferObserver.Instance;

    /// <summary>The copy engine's options for a transfer whose copied blobs the observer hears of as <paramref name="copied"/>.</summary>
    internal CopyOptions ToCopyOptions(BlobTransferOutcome copied)
    {
        if (Concurrency < 1)
            throw new KitException($"invalid argument for concurrency ({Concurrency}): must be at least 1");
        return new CopyOptions { Concurrency = Concurrency, Observer = new TransferObserverBridge(Observer, copied) };
    }
}
