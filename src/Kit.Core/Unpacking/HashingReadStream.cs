using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Threading.Channels;
using Kit.Oci;
using Kit.Oci.Content;

namespace Kit.Core.Unpacking;

/// <summary>
/// A read-only pass-through that hashes every byte it delivers, so a layer is verified in the same single pass
/// that extracts it. The source is read ahead in chunks on a background task and each chunk is hashed on
/// another, so hashing (the slowest step, about 1.4 GB/s) overlaps with the consumer's file writes instead of
/// adding to them. At most <see cref="MaxChunksInFlight"/> chunks are held, whatever the blob size.
/// </summary>
internal sealed class HashingReadStream : ReadOnlyStream
{
    private const int ChunkSize = 4 << 20;
    private const int MaxChunksInFlight = 4;

    [SuppressMessage("Usage", "CA2213:Disposable fields should be disposed", Justification = "The caller owns the source stream.")]
    private readonly Stream _inner;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Channel<Chunk> _ready = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _slots = new(MaxChunksInFlight);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _producer;
    private Task _hashing = Task.CompletedTask;
    private Chunk? _current;
    private int _offset;
    private bool _disposed;

    public HashingReadStream(Stream inner)
    {
        _inner = inner;
        _producer = Task.Run(ProduceAsync);
    }

    public long BytesRead { get; private set; }

    /// <summary>The digest of everything read from the source; call after the source is drained.</summary>
    public async Task<Digest> GetDigestAsync()
    {
        await _producer.ConfigureAwait(false);
        await _hashing.ConfigureAwait(false);
        return Digest.FromHash(_hash.GetCurrentHash());
    }

    protected override long Delivered => BytesRead;

    public override int Read(Span<byte> buffer)
    {
        if (!NextChunkAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
            return 0;
        return CopyOut(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!await NextChunkAsync(cancellationToken).ConfigureAwait(false))
            return 0;
        return CopyOut(buffer.Span);
    }

    private int CopyOut(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _current!.Length - _offset);
        _current.Buffer.AsSpan(_offset, n).CopyTo(destination);
        _offset += n;
        BytesRead += n;
        return n;
    }

    /// <summary>Makes <see cref="_current"/> a chunk with bytes left; false at the end of the source.</summary>
    private async ValueTask<bool> NextChunkAsync(CancellationToken cancellationToken)
    {
        while (_current is null || _offset == _current.Length)
        {
            _current?.Release();
            _current = null;
            // Completion with an error rethrows the source's exception here.
            if (!await _ready.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                return false;
            if (_ready.Reader.TryRead(out var next))
            {
                _current = next;
                _offset = 0;
            }
        }
        return true;
    }

    private async Task ProduceAsync()
    {
        try
        {
            while (true)
            {
                await _slots.WaitAsync(_stop.Token).ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                int n;
                try
                {
                    n = await _inner.ReadAtLeastAsync(buffer.AsMemory(0, ChunkSize), ChunkSize, throwOnEndOfStream: false, _stop.Token).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    _slots.Release();
                    throw;
                }
                if (n == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    _slots.Release();
                    break;
                }
                var chunk = new Chunk(buffer, n, _slots);
                var previous = _hashing;
                // Chained so chunks are hashed in order, each on the thread pool while the consumer works.
                _hashing = Task.Run(async () =>
                {
                    await previous.ConfigureAwait(false);
                    _hash.AppendData(chunk.Buffer, 0, chunk.Length);
                    chunk.Release();
                });
                _ready.Writer.TryWrite(chunk);
                if (n < ChunkSize)
                    break;
            }
            _ready.Writer.TryComplete();
        }
#pragma warning disable CA1031 // Whatever the source throws is handed to the reader, which rethrows it from ReadAsync.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _ready.Writer.TryComplete(ex);
        }
    }

    protected override void Dispose(bool disposing)
    {
        // After DisposeAsync, Stream.DisposeAsync calls this again: nothing is left to do then.
        if (disposing && !_disposed)
        {
            _stop.Cancel();
            // The producer first: only once it has stopped is _hashing the last hash task. Synchronous disposal has
            // to wait for them; the async paths use DisposeAsync.
            ((IAsyncResult)_producer).AsyncWaitHandle.WaitOne();
            ((IAsyncResult)_hashing).AsyncWaitHandle.WaitOne();
            ReleaseAll();
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        // The producer first: only once it has stopped is _hashing the last hash task. Their errors were already
        // reported through Read (or are the cancellation just asked for).
        await _producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _hashing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        ReleaseAll();
        GC.SuppressFinalize(this);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Returns every pooled buffer; the tasks that could still hold one have ended.</summary>
    private void ReleaseAll()
    {
        if (_disposed)
            return;
        _disposed = true;
        _current?.Release();
        _current = null;
        while (_ready.Reader.TryRead(out var pending))
            pending.Release();
        _hash.Dispose();
        _stop.Dispose();
        _slots.Dispose();
    }

    /// <summary>A pooled buffer shared by the consumer and the hasher; returned when both are done with it.</summary>
    private sealed class Chunk(byte[] buffer, int length, SemaphoreSlim slots)
    {
        private int _users = 2;
        public byte[] Buffer { get; } = buffer;
        public int Length { get; } = length;

        public void Release()
        {
            if (Interlocked.Decrement(ref _users) != 0) return;
            ArrayPool<byte>.Shared.Return(Buffer);
            slots.Release();
        }
    }
}
