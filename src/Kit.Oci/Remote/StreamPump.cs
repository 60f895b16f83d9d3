using System.Buffers;

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
    private static Task<int> ReadOnPoolAsync(Stream source, byte[] buffer, CancellationToken cancellationToken) =>
        Task.Run(() => source.ReadAtLeastAsync(buffer.AsMemory(0, BlockSize), BlockSize, throwOnEndOfStream: false, cancellationToken).AsTask(), cancellationToken);

    /// <summary>Copies everything; returns the byte count. <paramref name="skip"/> bytes are read and dropped first.</summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, long skip, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var a = ArrayPool<byte>.Shared.Rent(BlockSize);
        var b = ArrayPool<byte>.Shared.Rent(BlockSize);
        long copied = 0;
        Task<int>? next = null;
        try
        {
            next = ReadOnPoolAsync(source, a, cancellationToken);
            while (true)
            {
                var n = await next.ConfigureAwait(false);
                next = null;
                if (n == 0)
                    return copied;
                var current = a;
                (a, b) = (b, a);
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
                    progress?.Report(n - offset);
                }
            }
        }
        finally
        {
            if (next is not null)
            {
                // The buffer must not go back to the pool while a read still fills it.
                try { await next.ConfigureAwait(false); }
                catch (Exception) { /* the original exception is the one that matters */ }
            }
            ArrayPool<byte>.Shared.Return(a);
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}
