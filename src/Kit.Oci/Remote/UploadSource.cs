using Kit.Oci.Content;

namespace Kit.Oci.Remote;

/// <summary>
/// The bytes of a blob being uploaded, readable from any offset, so an upload can go on from where the registry
/// says it stopped instead of from byte 0. Moving seeks when the stream can, skips forward by reading when it
/// cannot, and reopens the source only to go back. Reports the position reached as the upload's progress.
/// </summary>
internal sealed class UploadSource : ReadOnlyStream
{
    // Opens the blob at (or before) an offset and says where the stream starts.
    private readonly Func<long, (Stream Stream, long Start)> _open;
    private readonly IProgress<long>? _progress;
    private Stream? _inner;
    private long _innerPosition;
    private long _wanted;

    private UploadSource(Func<long, (Stream, long)> open, IProgress<long>? progress)
    {
        _open = open;
        _progress = progress;
    }

    /// <param name="openAt">Opens the blob positioned at the given offset.</param>
    /// <param name="progress">Receives bytes uploaded so far, the resumed offset included; may be null.</param>
    public static UploadSource At(Func<long, Stream> openAt, IProgress<long>? progress) => new(offset => (openAt(offset), offset), progress);

    /// <param name="open">Opens the blob at its first byte.</param>
    /// <param name="progress">Receives bytes uploaded so far; may be null.</param>
    public static UploadSource FromStart(Func<Stream> open, IProgress<long>? progress) => new(_ => (open(), 0), progress);

    /// <summary>Makes the next read deliver the blob's byte at <paramref name="offset"/>.</summary>
    public void MoveTo(long offset)
    {
        if (_inner is null || (offset < _innerPosition && !_inner.CanSeek))
        {
            _inner?.Dispose();
            (_inner, _innerPosition) = _open(offset);
        }
        if (_inner.CanSeek && offset != _innerPosition)
        {
            _inner.Seek(offset - _innerPosition, SeekOrigin.Current);
            _innerPosition = offset;
        }
        _wanted = offset;
        _progress?.Report(offset);
    }

    protected override long Delivered => _wanted;

    public override int Read(Span<byte> buffer)
    {
        var inner = Inner();
        while (_innerPosition < _wanted)
            Skipped(inner.Read(buffer[..SkipLength(buffer.Length)]));
        return Deliver(inner.Read(buffer));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var inner = Inner();
        // The caller's buffer doubles as scratch space for bytes skipped on the way to the wanted offset.
        while (_innerPosition < _wanted)
            Skipped(await inner.ReadAsync(buffer[..SkipLength(buffer.Length)], cancellationToken).ConfigureAwait(false));
        return Deliver(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
    }

    private Stream Inner() => _inner ?? throw new InvalidOperationException("MoveTo must be called before reading");

    private int SkipLength(int bufferLength) => (int)Math.Min(bufferLength, _wanted - _innerPosition);

    private void Skipped(int n)
    {
        if (n == 0)
            throw new EndOfStreamException($"the upload source ended at byte {_innerPosition}, before offset {_wanted}");
        _innerPosition += n;
    }

    private int Deliver(int n)
    {
        _innerPosition += n;
        _wanted = _innerPosition;
        if (n > 0)
            _progress?.Report(_wanted);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _inner?.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_inner is not null)
            await _inner.DisposeAsync().ConfigureAwait(false);
        _inner = null;
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
