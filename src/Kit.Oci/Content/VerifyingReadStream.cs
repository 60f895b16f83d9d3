using Kit.Oci.Layout;

namespace Kit.Oci.Content;

/// <summary>
/// Hashes and counts while the caller reads, and throws <see cref="ContentIntegrityException"/> at the end of the
/// content (or as soon as it runs long) when size or digest differ, so nobody re-reads to verify. Every store's
/// <see cref="IFetchable.FetchAsync"/> returns one of these.
/// </summary>
internal sealed class VerifyingReadStream : ReadOnlyStream
{
    private readonly Stream _inner;
    private readonly DigestAccumulator _check;
    private readonly bool _leaveOpen;
    private bool _verified;

    /// <param name="inner">The stream read and verified.</param>
    /// <param name="expected">The digest the content must hash to; checked when <paramref name="inner"/> ends.</param>
    /// <param name="expectedSize">Null when unknown: then only the digest is checked.</param>
    /// <param name="location">Where the content comes from, for the error message.</param>
    /// <param name="leaveOpen">True when the caller owns <paramref name="inner"/> and disposes it itself.</param>
    public VerifyingReadStream(Stream inner, Digest expected, long? expectedSize, string? location = null, bool leaveOpen = false)
    {
        _inner = inner;
        _check = new DigestAccumulator(expected, expectedSize, location);
        _leaveOpen = leaveOpen;
    }

    public VerifyingReadStream(Stream inner, Descriptor expected, string? location = null, bool leaveOpen = false)
        : this(inner, expected.Digest, expected.Size, location, leaveOpen)
    {
    }

    public override long Length => _check.ExpectedSize ?? throw new NotSupportedException();
    protected override long Delivered => _check.Length;

    public override int Read(Span<byte> buffer)
    {
        // A zero-length read returns 0 without meaning end of stream.
        if (buffer.IsEmpty)
            return 0;
        var n = _inner.Read(buffer);
        Account(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
            return 0;
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..n]);
        return n;
    }

    private void Account(ReadOnlySpan<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            Verify();
            return;
        }
        _check.Append(chunk);
    }

    private void Verify()
    {
        if (_verified)
            return;
        _verified = true;
        _check.Verify();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (!_leaveOpen)
                _inner.Dispose();
            _check.Dispose();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
            await _inner.DisposeAsync().ConfigureAwait(false);
        _check.Dispose();
        GC.SuppressFinalize(this);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
