namespace Kit.Oci.Content;

/// <summary>
/// Reads through to another stream, adding what a caller needs around it: the running total of bytes read as progress,
/// an owner disposed with it (the HTTP response a body belongs to), leaving a borrowed stream open, or opening the
/// stream only at the first asynchronous read (so an asynchronous opener can serve where a <c>Func&lt;Stream&gt;</c> is
/// asked for; HTTP content is always read asynchronously).
/// </summary>
internal sealed class ForwardingReadStream : ReadOnlyStream
{
    private readonly Func<CancellationToken, Task<Stream>>? _open;
    private readonly IDisposable? _owner;
    private readonly bool _leaveOpen;
    private readonly IProgress<long>? _progress;
    private Stream? _inner;
    private long _total;

    private ForwardingReadStream(Stream? inner, Func<CancellationToken, Task<Stream>>? open, IDisposable? owner, bool leaveOpen, IProgress<long>? progress)
    {
        _inner = inner;
        _open = open;
        _owner = owner;
        _leaveOpen = leaveOpen;
        _progress = progress;
    }

    public static ForwardingReadStream Over(Stream inner, IDisposable? owner = null, bool leaveOpen = false, IProgress<long>? progress = null) =>
        new(inner, null, owner, leaveOpen, progress);

    public static ForwardingReadStream OpenedOnFirstRead(Func<CancellationToken, Task<Stream>> open) => new(null, open, null, false, null);

    protected override long Delivered => _total;

    public override int Read(Span<byte> buffer) =>
        Count((_inner ?? throw new NotSupportedException("this stream is opened by an asynchronous read")).Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _inner ??= await _open!(cancellationToken).ConfigureAwait(false);
        return Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
    }

    private int Count(int n)
    {
        if (n > 0)
        {
            _total += n;
            _progress?.Report(_total);
        }
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!_leaveOpen)
                _inner?.Dispose();
            _owner?.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_leaveOpen && _inner is not null)
            await _inner.DisposeAsync().ConfigureAwait(false);
        _owner?.Dispose();
        GC.SuppressFinalize(this);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
