using System.Buffers;
using Kit.Oci.Content;

namespace Kit.Oci.Remote;

/// <summary>
/// Copies with the next read in flight while the previous block is written, so receiving from the network overlaps
/// with hashing and disk writes in the destination (a plain CopyTo alternates them, which doubles a large pull).
/// </summary>
internal static class StreamPump
{
    public const int BlockSize = 1 << 20;

    // A socket read with data waiting completes synchronously on the caller's thread, which would serialize it
    // with the hashing below; the thread pool runs it on the other core instead.
    // Fills a block like ReadAtLeastAsync, except that when the source fails after some bytes arrived, those bytes are
    // returned with the error instead of being dropped: a connection lost mid-block must not lose what it delivered, or a
    // resumed download (which continues after the bytes written) makes no progress when resets come less than a block apart.
    private static Task<(int Count, Exception? Error)> ReadOnPoolAsync(Stream source, byte[] buffer, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            var total = 0;
            try
            {
                while (total < BlockSize)
                {
                    var n = await source.ReadAsync(buffer.AsMemory(total, BlockSize - total), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                        break;
                    total += n;
                }
                return (total, (Exception?)null);
            }
            catch (Exception e) when (total > 0 && e is not OperationCanceledException)
            {
                return (total, e);
            }
        }, cancellationToken);

    /// <summary>Copies everything; returns the byte count. <paramref name="skip"/> bytes are read and dropped first.</summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, long skip, CancellationToken cancellationToken)
    {
        if (skip == 0 && destination is IReceiveBuffer { CanLend: true } lender)
            return await ReceiveAsync(source, lender, cancellationToken).ConfigureAwait(false);
        var a = ArrayPool<byte>.Shared.Rent(BlockSize);
        var b = ArrayPool<byte>.Shared.Rent(BlockSize);
        long copied = 0;
        Task<(int Count, Exception? Error)>? next = null;
        try
        {
            next = ReadOnPoolAsync(source, a, cancellationToken);
            while (true)
            {
                var (n, error) = await next!.ConfigureAwait(false);
                next = null;
                if (n == 0)
                    return copied;
                var current = a;
                (a, b) = (b, a);
                if (error is null)
                    next = ReadOnPoolAsync(source, a, cancellationToken);
                var offset = 0;
                if (skip > 0)
                {
                    offset = (int)Math.Min(skip, n);
                    skip -= offset;
                }
                if (offset < n)
                {
                    await destination.WriteAsync(current.AsMemory(offset, n - offset), cancellationToken).ConfigureAwait(false);
                    copied += n - offset;
                }
                if (error is not null)
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            if (next is not null)
            {
                // The buffer must not go back to the pool while a read still fills it.
#pragma warning disable CA1031 // Only waited for so the buffer is free; the exception already on its way is the one that matters.
                try { await next.ConfigureAwait(false); }
                catch (Exception) { }
#pragma warning restore CA1031
            }
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }

    // Reads straight into the destination's buffer. No read-ahead of our own is needed: the destination hashes and
    // writes a full buffer in the background while the next one fills, and every byte counted is already its own,
    // so a connection lost mid-read keeps what it delivered.
    private static async Task<long> ReceiveAsync(Stream source, IReceiveBuffer destination, CancellationToken cancellationToken)
    {
        long copied = 0;
        while (true)
        {
            var n = await source.ReadAsync(destination.GetBuffer(), cancellationToken).ConfigureAwait(false);
            if (n == 0)
                return copied;
            await destination.AdvanceAsync(n, cancellationToken).ConfigureAwait(false);
            copied += n;
        }
    }
}
