namespace Kit.Core.Transfer;

public sealed record TransferOptions
{
    /// <summary>Blobs transferred in parallel (<c>--concurrency</c>, default 5).</summary>
    public int Concurrency { get; init; } = 5;

    public ITransferObserver Observer { get; init; } = NullTransferObserver.Instance;

    internal void Validate()
    {
        if (Concurrency < 1)
            throw new KitException($"invalid argument for concurrency ({Concurrency}): must be at least 1");
    }
}
