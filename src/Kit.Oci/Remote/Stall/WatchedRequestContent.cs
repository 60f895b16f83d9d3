using System.Net;
using Kit.Oci.Content;

namespace Kit.Oci.Remote.Stall;

/// <summary>
/// A request body as the caller made it, written to the connection in small pieces so that each piece the registry
/// takes counts as progress (a single 1 MiB write into a slow link would look like a stall).
/// </summary>
internal sealed class WatchedRequestContent : HttpContent
{
    private const int Piece = 64 << 10;
    private readonly HttpContent _inner;
    private readonly StallWatch _watch;

    public WatchedRequestContent(HttpContent inner, StallWatch watch)
    {
        _inner = inner;
        _watch = watch;
        foreach (var header in inner.Headers)
            Headers.TryAddWithoutValidation(header.Key, header.Value);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var pieces = new PieceWriter(stream, _watch);
        await using (pieces.ConfigureAwait(false))
            await _inner.CopyToAsync(pieces, context, cancellationToken).ConfigureAwait(false);
        _watch.Phase = StallPhase.WaitingForAnswer;
        _watch.Touch();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    // The caller's content goes back on the request after the send, and is the caller's to dispose.

    private sealed class PieceWriter(Stream connection, StallWatch watch) : WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            for (var at = 0; at < buffer.Length; at += Piece)
            {
                connection.Write(buffer.Slice(at, Math.Min(Piece, buffer.Length - at)));
                watch.Touch();
            }
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            for (var at = 0; at < buffer.Length; at += Piece)
            {
                await connection.WriteAsync(buffer.Slice(at, Math.Min(Piece, buffer.Length - at)), cancellationToken).ConfigureAwait(false);
                watch.Touch();
            }
        }

        public override void Flush() => connection.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => connection.FlushAsync(cancellationToken);
    }
}
