using Kit.Oci.Content;

namespace Kit.Oci.Remote;

/// <summary>
/// A pass-through write stream that counts what goes through, refusing more than <paramref name="expected"/>'s size in
/// total, hashes it into <paramref name="check"/> (null when the destination hashes itself), and reports the running
/// total to <see cref="IProgress{T}"/>. Lends the inner stream's buffer when that can (<see cref="IReceiveBuffer"/>).
/// </summary>
internal sealed class CountingWriteStream(Stream inner, long alreadyWritten, Descriptor expected, DigestAccumulator? check, IProgress<long>? progress)
    : WriteOnlyStream, IReceiveBuffer
{
    public long Total { get; private set; } = alreadyWritten;

    public override long Length => Total;
    public override long Position { get => Total; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer);
        inner.Write(buffer);
        Advance(buffer.Length);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Check(buffer.Span);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        Advance(buffer.Length);
    }

    public bool CanLend => inner is IReceiveBuffer { CanLend: true };

    public Memory<byte> GetBuffer() => ((IReceiveBuffer)inner).GetBuffer();

    public async ValueTask AdvanceAsync(int count, CancellationToken cancellationToken)
    {
        var lent = (IReceiveBuffer)inner;
        Check(lent.GetBuffer().Span[..count]);
        await lent.AdvanceAsync(count, cancellationToken).ConfigureAwait(false);
        Advance(count);
    }

    private void Check(ReadOnlySpan<byte> buffer)
    {
        if (check is not null)
            check.Append(buffer);
        else if (Total + buffer.Length > expected.Size)
            throw DigestAccumulator.TooLong(expected.Digest, expected.Size);
    }

    private void Advance(int count)
    {
        Total += count;
        progress?.Report(Total);
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
}
