namespace Kit.Oci.Content;

/// <summary>
/// A destination that lends its own buffer to the producer, so bytes from the network land where they are hashed and
/// written instead of being copied there from the producer's buffer (one memory copy less per byte of a pull).
/// </summary>
internal interface IReceiveBuffer
{
    /// <summary>False when this destination cannot lend a buffer (a wrapper around a plain stream); then write to it instead.</summary>
    bool CanLend { get; }

    /// <summary>Free space to fill; valid until the next <see cref="AdvanceAsync"/> and never empty.</summary>
    Memory<byte> GetBuffer();

    /// <summary>Takes the first <paramref name="count"/> bytes of the last <see cref="GetBuffer"/> as written.</summary>
    ValueTask AdvanceAsync(int count, CancellationToken cancellationToken);
}
