using Kit.Oci.Content;

namespace Kit.Oci.Remote;

/// <summary>
/// Reads at most <c>length</c> bytes from an underlying stream, then reports end of stream; the underlying stream
/// stays open, so successive slices of one source become successive upload chunks without buffering.
/// </summary>
internal sealed class SliceReadStream(Stream inner, long length) : ReadOnlyStream
{
    private readonly long _length = length;
    private long _remaining = length;

    public override long Length => _length;
    protected override long Delivered => _length - _remaining;

    public override int Read(Span<byte> buffer)
    {
        if (_remaining == 0)
            return 0;
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _remaining)]);
        _remaining -= n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_remaining == 0)
            return 0;
        var n = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, _remaining)], cancellationToken).ConfigureAwait(false);
        _remaining -= n;
        return n;
    }
}
