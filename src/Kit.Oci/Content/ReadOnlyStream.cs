namespace Kit.Oci.Content;

/// <summary>
/// The base of the library's forward-only read streams (verifying, forwarding, slicing, upload and hashing sources):
/// the array overloads forward to the span and memory ones, and everything a read-only, non-seekable stream refuses
/// is refused here once.
/// </summary>
internal abstract class ReadOnlyStream : Stream
{
    public sealed override bool CanRead => true;
    public sealed override bool CanSeek => false;
    public sealed override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    /// <summary>The bytes delivered so far; a forward-only stream cannot be positioned.</summary>
    public sealed override long Position { get => Delivered; set => throw new NotSupportedException(); }

    /// <summary>The bytes this stream has delivered to its reader so far.</summary>
    protected abstract long Delivered { get; }

    public abstract override int Read(Span<byte> buffer);

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public sealed override void Flush() { }
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public sealed override void SetLength(long value) => throw new NotSupportedException();
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
