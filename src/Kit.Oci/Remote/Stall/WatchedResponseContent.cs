using System.Net;
using Kit.Oci.Content;

namespace Kit.Oci.Remote.Stall;

/// <summary>
/// A response body whose reads give up when the registry sends nothing for the stall interval; owns the request's
/// <see cref="StallWatch"/> from the moment the answer's head arrived.
/// </summary>
internal sealed class WatchedResponseContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly StallWatch _watch;

    public WatchedResponseContent(HttpContent inner, StallWatch watch)
    {
        _inner = inner;
        _watch = watch;
        foreach (var header in inner.Headers)
            Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new WatchedReadStream(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), _watch);

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var body = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
            await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _watch.Dispose();
        }
        base.Dispose(disposing);
    }

    private sealed class WatchedReadStream(Stream inner, StallWatch watch) : ReadOnlyStream
    {
        private long _delivered;

        protected override long Delivered => _delivered;

        // Kit reads registry bodies asynchronously; a synchronous read cannot be interrupted, so it is not watched.
        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            _delivered += n;
            return n;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            watch.Phase = StallPhase.Receiving;
            watch.Touch();
            var stop = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static w => ((StallWatch)w!).Cancel(), watch) : default;
            try
            {
                var n = await inner.ReadAsync(buffer, watch.Token).ConfigureAwait(false);
                _delivered += n;
                return n;
            }
            catch (Exception e) when (watch.Fired(cancellationToken))
            {
                throw watch.Stalled(e);
            }
            finally
            {
                await stop.DisposeAsync().ConfigureAwait(false);
                watch.Pause();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
