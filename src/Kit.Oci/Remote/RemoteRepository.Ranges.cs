using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Kit.Oci.Content;

namespace Kit.Oci.Remote;

public sealed partial class RemoteRepository
{
    // Shared by every blob this repository downloads, so parallel layers do not multiply the connections.
    private SemaphoreSlim? _rangeSlots;

    private bool ShouldFetchInRanges(long remaining) =>
        Options.RangeConcurrency > 1 && remaining >= Options.RangedDownloadThreshold && remaining > Options.RangeChunkSize;

    /// <summary>
    /// Brings <paramref name="destination"/> from <paramref name="have"/> bytes towards the whole blob with parallel range
    /// requests, written (and hashed into <paramref name="check"/>) strictly in order, so the destination always holds a
    /// prefix of the blob and a broken download resumes after the ranges already written.
    /// </summary>
    /// <returns>
    /// Bytes of the blob the destination holds now: the whole blob, or less when the registry does not answer range
    /// requests (then the caller continues over one connection from there).
    /// </returns>
    private async Task<long> FetchInRangesAsync(Descriptor descriptor, Stream destination, long have, DigestAccumulator? check,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var slots = LazyInitializer.EnsureInitialized(ref _rangeSlots, () => new SemaphoreSlim(Options.RangeConcurrency));
        var chunkSize = Options.RangeChunkSize;
        var pending = new Queue<Task<byte[]>>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var requested = have;
        try
        {
            while (have < descriptor.Size)
            {
                // One range more than there are connections, so the next is ready when the writer gets to it.
                while (pending.Count <= Options.RangeConcurrency && requested < descriptor.Size)
                {
                    var length = (int)Math.Min(chunkSize, descriptor.Size - requested);
                    pending.Enqueue(FetchRangeAsync(descriptor, requested, length, slots, stop.Token));
                    requested += length;
                }
                byte[] chunk;
                try
                {
                    chunk = await pending.Peek().ConfigureAwait(false);
                }
                catch (RangesIgnoredException)
                {
                    return have;
                }
                _ = pending.Dequeue();
                var n = (int)Math.Min(chunkSize, descriptor.Size - have);
                try
                {
                    check?.Append(chunk.AsSpan(0, n));
                    await destination.WriteAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }
                have += n;
                progress?.Report(have);
            }
            return have;
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            // Ranges still in flight end cancelled or failed (their buffers went back then) or with a buffer to give back.
            await ((Task)Task.WhenAll(pending)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var task in pending.Where(t => t.IsCompletedSuccessfully))
                ArrayPool<byte>.Shared.Return(await task.ConfigureAwait(false));
        }
    }

    /// <summary>Bytes <paramref name="from"/> to <paramref name="from"/> + <paramref name="length"/> of the blob, continuing after lost connections.</summary>
    private async Task<byte[]> FetchRangeAsync(Descriptor descriptor, long from, int length, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var subject = descriptor.Digest.ToString();
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var got = 0;
            for (var attempt = 1; ; attempt++)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    using var request = NewRequest(HttpMethod.Get, BlobUri(descriptor.Digest), Pull);
                    request.Headers.Range = new RangeHeaderValue(from + got, from + length - 1);
                    using var response = await SendAsync(request, cancellationToken, streamBody: true).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.OK)
                        throw new RangesIgnoredException();
                    if (response.StatusCode != HttpStatusCode.PartialContent)
                        throw await FailAsync(response, "fetch blob", subject, cancellationToken).ConfigureAwait(false);
                    var range = response.Content.Headers.ContentRange;
                    if (range?.From != from + got || range.To != from + length - 1 || range.Length is { } total && total != descriptor.Size)
                        throw Protocol("fetch blob", subject, response, $"asked for bytes {from + got}-{from + length - 1} of {descriptor.Size}, got range {range}");
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        int n;
                        while (got < length && (n = await body.ReadAsync(buffer.AsMemory(got, length - got), cancellationToken).ConfigureAwait(false)) > 0)
                            got += n;
                    }
                    if (got == length)
                        return buffer;
                    throw new IOException($"registry ended range {from}-{from + length - 1} of {subject} after {got} bytes");
                }
                catch (Exception e) when (attempt < Options.DownloadAttempts && !cancellationToken.IsCancellationRequested
                                          && Retry.RetryPolicy.IsTransient(e))
                {
                    // Keep what arrived and ask for the rest of this range.
                }
                finally
                {
                    slots.Release();
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The registry answered a range request with the whole blob: it does not do ranges.</summary>
    private sealed class RangesIgnoredException : Exception
    {
    }
}
