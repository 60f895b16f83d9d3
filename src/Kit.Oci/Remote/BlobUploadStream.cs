using System.Security.Cryptography;
using Kit.Oci.Content;

namespace Kit.Oci.Remote;

/// <summary>
/// A blob written straight into a registry upload session while it is produced (see
/// <see cref="RemoteRepository.BeginStreamingUploadAsync"/>): bytes are hashed as they pass and collected in one
/// buffer of <see cref="RemoteRepositoryOptions.ChunkSize"/>; each full buffer goes up as PATCH chunks before the
/// writer may go on, so at most one chunk is in memory, and it is still there when a broken chunk must be resent
/// from where the registry stands. <see cref="CompleteAsync"/> sends the rest and closes the session with the digest.
/// Disposing an uncompleted upload abandons the session. Not thread-safe: one producer.
/// </summary>
internal sealed class BlobUploadStream : WriteOnlyStream
{
    private readonly RemoteRepository _repository;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer;
    private Uri _location;
    private long _sent;
    private int _filled;
    private bool _completed;
    private bool _disposed;

    internal BlobUploadStream(RemoteRepository repository, Uri location)
    {
        _repository = repository;
        _location = location;
        _buffer = GC.AllocateUninitializedArray<byte>((int)Math.Clamp(repository.Options.ChunkSize, 1, Array.MaxLength));
    }

    /// <summary>Bytes written so far.</summary>
    public override long Length => _sent + _filled;
    public override long Position { get => Length; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var n = Take(buffer);
            buffer = buffer[n..];
            if (_filled == _buffer.Length)
                SendBufferAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var n = Take(buffer.Span);
            buffer = buffer[n..];
            if (_filled == _buffer.Length)
                await SendBufferAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private int Take(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            throw new InvalidOperationException("the upload is complete");
        var n = Math.Min(data.Length, _buffer.Length - _filled);
        data[..n].CopyTo(_buffer.AsSpan(_filled));
        _hash.AppendData(data[..n]);
        _filled += n;
        return n;
    }

    private async Task SendBufferAsync(CancellationToken cancellationToken)
    {
        if (_filled == 0)
            return;
        _location = await _repository.PatchChunkAsync(_location, _buffer.AsMemory(0, _filled), _sent, cancellationToken).ConfigureAwait(false);
        _sent += _filled;
        _filled = 0;
    }

    // Chunks go up when full; a flush cannot send a partial one without making every chunk boundary depend on the caller.
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends what is left and closes the session naming the digest of everything written.</summary>
    /// <returns>The stored blob, with <paramref name="mediaType"/>.</returns>
    public async Task<Descriptor> CompleteAsync(string mediaType, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await SendBufferAsync(cancellationToken).ConfigureAwait(false);
        var descriptor = new Descriptor(mediaType, Digest.FromHash(_hash.GetHashAndReset()), _sent);
        await _repository.CloseStreamingUploadAsync(_location, descriptor, cancellationToken).ConfigureAwait(false);
        _completed = true;
        return descriptor;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _hash.Dispose();
            if (!_completed)
                _repository.CancelStreamingUploadAsync(_location).GetAwaiter().GetResult();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _hash.Dispose();
            if (!_completed)
                await _repository.CancelStreamingUploadAsync(_location).ConfigureAwait(false);
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
