using Kit.Oci;

namespace Kit.Core.Transfer;

/// <summary>Forwards one blob's byte counts synchronously (<see cref="Progress{T}"/> would post them out of order).</summary>
internal sealed class BlobProgress(ITransferObserver observer, Descriptor blob) : IProgress<long>
{
    public void Report(long value) => observer.BlobProgress(blob, value);
}
