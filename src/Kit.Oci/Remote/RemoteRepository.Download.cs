using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Kit.Oci.Content;
using Kit.Oci.Layout;

namespace Kit.Oci.Remote;

public sealed partial class RemoteRepository
{
    /// <summary>
    /// Streams a blob into <paramref name="destination"/>, checking size and digest as it goes; throws
    /// <see cref="ContentIntegrityException"/> at the end (or as soon as it runs long) when the bytes are wrong.
    /// A connection lost mid-body is continued with a Range request (up to <see cref="RemoteRepositoryOptions.DownloadAttempts"/>).
    /// </summary>
    /// <param name="progress">Receives the number of bytes of this blob received so far.</param>
    /// <param name="descriptor">The blob; its digest and size are what the bytes must match.</param>
    /// <param name="destination">Receives the bytes; left open for the caller to dispose.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    public async Task FetchBlobAsync(Descriptor descriptor, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        using var check = new DigestAccumulator(descriptor.Digest, descriptor.Size);
        await TransferAsync(descriptor, destination, 0, restart: null, check, progress, cancellationToken).ConfigureAwait(false);
        check.Verify();
    }

    /// <summary>
    /// Completes a partial download kept in a file: hashes the bytes already there, asks for the rest with
    /// <c>Range: bytes=&lt;have&gt;-</c> and appends. If the registry ignores the range (200), the file is truncated
    /// and filled from the start. The whole content is verified at the end.
    /// </summary>
    /// <param name="partial">Opened for reading and writing; its length is what we have.</param>
    /// <param name="descriptor">The blob; its digest and size are what the bytes must match.</param>
    /// <param name="progress">Receives the number of bytes of this blob the file holds so far.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    public async Task ResumeBlobAsync(Descriptor descriptor, FileStream partial, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        if (!partial.CanRead || !partial.CanWrite || !partial.CanSeek)
            throw new ArgumentException("the partial file must be open for reading and writing", nameof(partial));
        using var check = new DigestAccumulator(descriptor.Digest, descriptor.Size);
        var have = partial.Length;
        if (have > descriptor.Size)
        {
            partial.SetLength(0);
            have = 0;
        }
        partial.Position = 0;
        await HashPrefixAsync(partial, have, check, cancellationToken).ConfigureAwait(false);
        partial.Position = have;
        await TransferAsync(descriptor, partial, have, restart: () =>
        {
            partial.SetLength(0);
            partial.Position = 0;
            check.Reset();
        }, check, progress, cancellationToken).ConfigureAwait(false);
        await partial.FlushAsync(cancellationToken).ConfigureAwait(false);
        check.Verify();
    }

    /// <summary>
    /// Downloads a blob into the layout store and commits it; the writer's own hash is the check, so a wrong blob is
    /// never committed and nothing is hashed twice. Bytes already in <paramref name="writer"/> count as received
    /// (resume): only the rest is requested, and if the registry answers with the whole blob its start is skipped.
    /// </summary>
    public async Task<Descriptor> DownloadBlobAsync(Descriptor descriptor, BlobWriter writer, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await TransferAsync(descriptor, writer, writer.BytesWritten, restart: null, check: null, progress, cancellationToken).ConfigureAwait(false);
        return await writer.CommitAsync(descriptor.MediaType, descriptor.Digest, descriptor.Size, cancellationToken).ConfigureAwait(false);
    }

    private static async Task HashPrefixAsync(Stream stream, long length, DigestAccumulator check, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (length > 0)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                    throw new EndOfStreamException("partial file shrank while being read");
                check.Append(buffer.AsSpan(0, n));
                length -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Brings <paramref name="destination"/> from <paramref name="have"/> bytes to the full blob. On a 200 answer to a
    /// range request, <paramref name="restart"/> resets the destination, or (when null) the known prefix is skipped.
    /// </summary>
    /// <param name="check">Hashes what arrives; null when the destination hashes itself (then only the size is checked).</param>
    /// <param name="descriptor">The blob; its digest and size are what the bytes must match.</param>
    /// <param name="destination">Receives the bytes after the first <paramref name="have"/>.</param>
    /// <param name="have">Bytes of the blob the destination already holds.</param>
    /// <param name="restart">Resets the destination to empty; null to skip the known prefix instead.</param>
    /// <param name="progress">Receives bytes of the blob held so far, <paramref name="have"/> included.</param>
    /// <param name="cancellationToken">Cancels the transfer.</param>
    private async Task TransferAsync(Descriptor descriptor, Stream destination, long have, Action? restart, DigestAccumulator? check,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var subject = descriptor.Digest.ToString();
        var probeFirst = Options.RangedDownloadBelowBytesPerSecond is not null;
        if (!probeFirst && ShouldFetchInRanges(descriptor.Size - have))
        {
            have = await FetchInRangesAsync(descriptor, destination, have, check, progress, cancellationToken).ConfigureAwait(false);
            if (have == descriptor.Size)
                return;
        }
        for (var attempt = 1; have < descriptor.Size || attempt == 1; attempt++)
        {
            using var request = NewRequest(HttpMethod.Get, BlobUri(descriptor.Digest), Pull);
            if (have > 0)
                request.Headers.Range = new RangeHeaderValue(have, null);
            var response = await SendAsync(request, cancellationToken, streamBody: true).ConfigureAwait(false);
            long skip = 0;
            if (response.StatusCode == HttpStatusCode.PartialContent && have > 0)
            {
                var range = response.Content.Headers.ContentRange;
                if (range?.From != have)
                {
                    response.Dispose();
                    throw Protocol("fetch blob", subject, response, $"asked for bytes from {have}, got range {range}");
                }
            }
            else if (response.StatusCode == HttpStatusCode.OK)
            {
                if (have > 0 && restart is not null)
                {
                    restart();
                    have = 0;
                }
                skip = have;
            }
            else
            {
                throw await FailAsync(response, "fetch blob", subject, cancellationToken).ConfigureAwait(false);
            }
            if (response.Content.Headers.ContentLength is { } length && length + (have - skip) != descriptor.Size)
            {
                response.Dispose();
                throw new ContentIntegrityException(descriptor.Digest,
                    $"blob is corrupt: registry sends {length + have - skip} bytes, expected {descriptor.Size}");
            }
            // Does not own destination: disposing it only ends this attempt's view of the bytes.
            var counter = new CountingWriteStream(destination, have, descriptor, check, progress);
            await using var counting = counter.ConfigureAwait(false);
            using var probe = probeFirst && ShouldFetchInRanges(descriptor.Size - have) ? new SlowConnectionProbe(counter, Options, cancellationToken) : null;
            try
            {
                using (response)
                {
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using var reading = body.ConfigureAwait(false);
                    await StreamPump.CopyAsync(body, counter, skip, probe?.Token ?? cancellationToken).ConfigureAwait(false);
                }
                have = counter.Total;
                if (have != descriptor.Size)
                    throw DigestAccumulator.SizeMismatch(descriptor.Digest, descriptor.Size, have);
                return;
            }
            catch (OperationCanceledException) when (probe is { TooSlow: true } && !cancellationToken.IsCancellationRequested)
            {
                // One connection is slow here: the rest in parallel ranges, then (if the registry ignores ranges) on.
                probeFirst = false;
                have = await FetchInRangesAsync(descriptor, destination, counter.Total, check, progress, cancellationToken).ConfigureAwait(false);
                if (have == descriptor.Size)
                    return;
                attempt--;
            }
            catch (Exception e) when (attempt < Options.DownloadAttempts && !cancellationToken.IsCancellationRequested
                                      && Retry.RetryPolicy.IsTransient(e) && e is not ContentIntegrityException)
            {
                // Keep what arrived and ask for the rest.
                have = counter.Total;
            }
        }
    }

    /// <summary>
    /// Watches the first connection of a large download: when it has brought fewer than
    /// <see cref="RemoteRepositoryOptions.RangedDownloadBelowBytesPerSecond"/> after <see cref="RemoteRepositoryOptions.RangeProbeTime"/>,
    /// <see cref="Token"/> stops it so the caller can continue in ranges.
    /// </summary>
    private sealed class SlowConnectionProbe : IDisposable
    {
        private readonly CancellationTokenSource _stop;
        private readonly Timer _timer;

        public SlowConnectionProbe(CountingWriteStream counter, RemoteRepositoryOptions options, CancellationToken cancellationToken)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var start = counter.Total;
            var enough = options.RangedDownloadBelowBytesPerSecond!.Value * options.RangeProbeTime.TotalSeconds;
            _timer = new Timer(_ =>
            {
                if (counter.Total - start >= enough) return;
                TooSlow = true;
                try { _stop.Cancel(); }
                catch (ObjectDisposedException) { /* the download ended meanwhile */ }
            }, null, options.RangeProbeTime, Timeout.InfiniteTimeSpan);
        }

        public CancellationToken Token => _stop.Token;

        public bool TooSlow { get; private set; }

        public void Dispose()
        {
            _timer.Dispose();
            _stop.Dispose();
        }
    }
}
