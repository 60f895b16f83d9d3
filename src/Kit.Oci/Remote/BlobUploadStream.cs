using System.Security.Cryptography;
using Kit.Oci.Content;

namespace Kit.Oci.Remote;

/// <summary>
/// A blob written straight into a registry upload session while it is produced (see
/// <see cref="RemoteRepository.BeginStreamingUploadAsync"/>). Two buffers of half
/// <see cref="RemoteRepositoryOptions.ChunkSize"/> alternate: while one goes up as a PATCH chunk and is hashed (on
/// other threads), the producer fills the other, so packing and uploading overlap while no more than one chunk's worth
/// is in memory; a chunk stays in its buffer until the registry has it all, so a broken one can be resent from where
/// the registry stands. <see cref="CompleteAsync"/> sends the rest and closes the session with the digest. Disposing
/// an uncompleted upload abandons the session. Not thread-safe: one producer.
/// </summary>
internal sealed class BlobUploadStream : WriteOnlyStream
{
    private readonly RemoteRepository _repository;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _front;
    private byte[] _back;
    private Uri _location;
    private long _dispatched;
    private int _filled;
    private Task? _pending;
    private bool _completed;
    private bool _disposed;

    internal BlobUploadStream(RemoteRepository repository, Uri location)
    {
        _repository = repository;
        _location = location;
        var half = (int)Math.Clamp(repository.Options.ChunkSize / 2, 1, Array.MaxLength);
        _front = GC.AllocateUninitializedArray<byte>(half);
        _back = GC.AllocateUninitializedArray<byte>(half);
    }

    /// <summary>Bytes written so far.</summary>
    public override long Length => _dispatched + _filled;
    public override long Position { get => Length; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var n = Take(buffer);
            buffer = buffer[n..];
            if (_filled == _front.Length)
                DispatchAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var n = Take(buffer.Span);
            buffer = buffer[n..];
            if (_filled == _front.Length)
                await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private int Take(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
            throw new InvalidOperationException("the upload is complete");
        var n = Math.Min(data.Length, _front.Length - _filled);
        data[..n].CopyTo(_front.AsSpan(_filled));
        _filled += n;
        return n;
    }

    /// <summary>
    /// Waits until the previous chunk is up and hashed (its buffer is then free, and chunks go up in order), then starts
    /// sending and hashing the filled buffer and hands the other one to the producer. A failed send surfaces here.
    /// </summary>
    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        if (_pending is { } previous)
        {
            _pending = null;
            await previous.ConfigureAwait(false);
        }
        if (_filled == 0)
            return;
        var chunk = new ReadOnlyMemory<byte>(_front, 0, _filled);
        var start = _dispatched;
        var hash = Task.Run(() => _hash.AppendData(chunk.Span), CancellationToken.None);
        var send = SendAsync(chunk, start, cancellationToken);
        _pending = Task.WhenAll(hash, send);
        _dispatched += _filled;
        _filled = 0;
        (_front, _back) = (_back, _front);
    }

    private async Task SendAsync(ReadOnlyMemory<byte> chunk, long start, CancellationToken cancellationToken) =>
        _location = await _repository.PatchChunkAsync(_location, chunk, start, cancellationToken).ConfigureAwait(false);

    // Chunks go up when full; a flush cannot send a partial one without making every chunk boundary depend on the caller.
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends what is left and closes the session naming the digest of everything written.</summary>
    /// <returns>The stored blob, with <paramref name="mediaType"/>.</returns>
    public async Task<Descriptor> CompleteAsync(string mediaType, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await DispatchAsync(cancellationToken).ConfigureAwait(false);
        await DispatchAsync(cancellationToken).ConfigureAwait(false); // awaits the last chunk
        var descriptor = new Descriptor(mediaType, Digest.FromHash(_hash.GetHashAndReset()), _dispatched);
        await _repository.CloseStreamingUploadAsync(_location, descriptor, cancellationToken).ConfigureAwait(false);
        _completed = true;
        return descriptor;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (_pending is { } pending)
            {
                // A chunk in flight still reads its buffer and the hash; its failure is already the caller's error.
                _pending = null;
#pragma warning disable CA1031
                try { await pending.ConfigureAwait(false); }
                catch (Exception) { }
#pragma warning restore CA1031
            }
            _hash.Dispose();
            if (!_completed)
                await _repository.CancelStreamingUploadAsync(_location).ConfigureAwait(false);
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
