using System.Security.Cryptography;

namespace Kit.Oci.Remote;

/// <summary>
/// A pass-through write stream that counts (and optionally hashes) what goes through, refusing more than
/// <c>limit</c> bytes in total, and reports the running total to <see cref="IProgress{T}"/>.
/// </summary>
internal sealed class CountingWriteStream(Stream inner, long alreadyWritten, long limit, IncrementalHash? hash, IProgress<long>? progress, Digest digest) : Stream
{
    public long Total { get; private set; } = alreadyWritten;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Total;
    public override long Position { get => Total; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer);
        inner.Write(buffer);
        Advance(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Check(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Advance(buffer.Length);
    }

    private void Check(ReadOnlySpan<byte> buffer)
    {
        if (Total + buffer.Length > limit)
            throw new Layout.ContentIntegrityException(digest, $"blob is corrupt: more than the expected {limit} bytes");
        hash?.AppendData(buffer);
    }

    private void Advance(int count)
    {
        Total += count;
        progress?.Report(Total);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
