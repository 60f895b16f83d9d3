using System.Security.Cryptography;
using Kit.Oci.Content;
using Microsoft.Win32.SafeHandles;

namespace Kit.Oci.Layout;

/// <summary>
/// Streams one blob into the store: bytes go to a private temp file in <c>ingest/</c> and are hashed as they
/// pass; <see cref="CommitAsync"/> publishes the file under its digest by rename. Disposing without
/// committing deletes the temp file. Not thread-safe: one writer, one producer.
/// A resumable writer (<see cref="OciLayoutStore.BeginResumableWriteAsync"/>) instead keeps its
/// <c>ingest/&lt;hex&gt;.partial</c> file when disposed uncommitted, so a later run continues where this one stopped;
/// only a failed verification deletes it, because its bytes are then known to be wrong.
/// </summary>
/// <remarks>
/// Throughput: two buffers alternate. When one is full, its file write and its hashing both start on the
/// thread pool and the caller returns at once to fill the other buffer; so reading the source, hashing and
/// writing overlap instead of adding up (SHA-256 is the slowest of the three, about 1.4 GB/s here).
/// The data is fsynced before the rename only when the store asks for it (<see cref="OciLayoutStore.SyncBlobs"/>):
/// rename alone already makes a killed process harmless, and every read verifies the digest.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "A writer that happens to be a Stream; BlobWriter names its role in the store.")]
public sealed class BlobWriter : Stream, IReceiveBuffer
{
    internal const int DefaultBufferSize = 4 << 20;

    // Flushing to disk in the background as the blob grows keeps the fsync at commit short instead of
    // making it write the whole blob then.
    private const long EarlyFlushInterval = 128L << 20;

    private readonly OciLayoutStore _store;
    private readonly StoreLease? _lease;
    private readonly string _tempPath;
    private bool _writeFailed;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private SafeFileHandle? _handle;
    private HugePageBuffer _front;
    private HugePageBuffer _back;
    private long _dispatched;
    private Task? _pending;
    private Task? _earlyFlush;
    private long _nextEarlyFlush = EarlyFlushInterval;
    private bool _committed;
    private readonly bool _resumable;

    internal BlobWriter(OciLayoutStore store, StoreLease? lease, string tempPath, int bufferSize)
        // FileShare.None: the lock on the temp file tells GC that its writer is alive. No preallocation: measured on
        // ext4, writes into .NET's preallocated (unwritten, beyond-EOF) extents took 2.2-4.9 s per GiB instead of 0.35 s.
        : this(store, lease, tempPath, File.OpenHandle(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None), bufferSize, resumable: false)
    {
    }

    internal BlobWriter(OciLayoutStore store, StoreLease? lease, string tempPath, SafeFileHandle handle, int bufferSize, bool resumable)
    {
        _store = store;
        _lease = lease;
        _tempPath = tempPath;
        _handle = handle;
        _resumable = resumable;
        _front = new HugePageBuffer(bufferSize);
        _back = new HugePageBuffer(bufferSize);
    }

    /// <summary>Bytes accepted so far, including <see cref="ExistingLength"/>.</summary>
    public long BytesWritten => _dispatched + _front.Length;

    /// <summary>Bytes a resumable writer found in its partial file from an earlier run (already hashed); 0 otherwise.</summary>
    public long ExistingLength { get; private set; }

    /// <summary>
    /// Takes over the bytes already in a partial file: hashes them (the digest must cover the whole blob) and
    /// continues after them. A file longer than <paramref name="expectedSize"/> cannot be a prefix and starts over.
    /// </summary>
    internal async Task ResumeAsync(long expectedSize, CancellationToken cancellationToken)
    {
        var handle = _handle!;
        var length = RandomAccess.GetLength(handle);
        if (length > expectedSize)
        {
            RandomAccess.SetLength(handle, 0);
            length = 0;
        }
        var buffer = _front.Memory;
        for (long offset = 0; offset < length;)
        {
            var n = await RandomAccess.ReadAsync(handle, buffer[..(int)Math.Min(buffer.Length, length - offset)], offset, cancellationToken).ConfigureAwait(false);
            if (n == 0)
                throw new IOException($"partial file {_tempPath} shrank while being read");
            _hash.AppendData(buffer.Span[..n]);
            offset += n;
        }
        _dispatched = ExistingLength = length;
        _nextEarlyFlush = length + EarlyFlushInterval;
    }

    /// <summary>Always false: the writer is write-only.</summary>
    public override bool CanRead => false;
    /// <summary>Always false: bytes are hashed in order, so the writer only appends.</summary>
    public override bool CanSeek => false;
    /// <summary>True until the blob is committed or the writer disposed.</summary>
    public override bool CanWrite => !_committed && _handle is not null;
    /// <summary>Bytes written so far, including any resumed prefix.</summary>
    public override long Length => BytesWritten;
    /// <summary>Same as <see cref="Length"/>; setting it throws <see cref="NotSupportedException"/>.</summary>
    public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    /// <exception cref="InvalidOperationException">The blob was already committed.</exception>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    /// <remarks>Blocks when a full buffer must wait for the previous background write; a failure of that earlier write surfaces here.</remarks>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureWritable();
        while (!buffer.IsEmpty)
        {
            var n = Fill(buffer);
            buffer = buffer[n..];
            if (_front.Free.IsEmpty)
                DispatchAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <inheritdoc/>
    public override void WriteByte(byte value) => Write([value]);

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    /// <remarks>A failure of an earlier background write surfaces here.</remarks>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        while (!buffer.IsEmpty)
        {
            var n = Fill(buffer.Span);
            buffer = buffer[n..];
            if (_front.Free.IsEmpty)
                await DispatchAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private int Fill(ReadOnlySpan<byte> bytes)
    {
        var n = Math.Min(bytes.Length, _front.Free.Length);
        bytes[..n].CopyTo(_front.Free);
        _front.Length += n;
        return n;
    }

    bool IReceiveBuffer.CanLend => true;

    Memory<byte> IReceiveBuffer.GetBuffer()
    {
        EnsureWritable();
        return _front.Memory[_front.Length..];
    }

    ValueTask IReceiveBuffer.AdvanceAsync(int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _front.Free.Length);
        _front.Length += count;
        return _front.Free.IsEmpty ? new ValueTask(DispatchAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        if (_pending is not null)
        {
            // The back buffer is free only once its write has finished.
            var previous = _pending;
            _pending = null;
            await previous.ConfigureAwait(false);
        }
        if (_front.Length == 0)
            return;
        var chunk = _front.FilledMemory;
        var (file, offset) = (_handle!, _dispatched);
        var write = Task.Run(() => FileWrites.Write(file, chunk.Span, offset), cancellationToken);
        // Chunks are hashed in order: the previous chunk's hash finished when its pending task was awaited above.
        var hash = Task.Run(() => _hash.AppendData(chunk.Span), CancellationToken.None);
        _pending = Task.WhenAll(write, hash);
        _dispatched += chunk.Length;
        (_front, _back) = (_back, _front);
        _front.Length = 0;
        if (_store.SyncBlobs && _dispatched >= _nextEarlyFlush && _earlyFlush is null or { IsCompleted: true })
        {
            _nextEarlyFlush = _dispatched + EarlyFlushInterval;
            var handle = _handle!;
            var written = _pending;
            _earlyFlush = Task.Run(async () =>
            {
                await written!.ConfigureAwait(false);
                RandomAccess.FlushToDisk(handle);
            }, CancellationToken.None);
        }
    }

    /// <summary>After <see cref="CommitAsync"/>: the store held the blob already, so nothing new was written (KitOps's "Already saved").</summary>
    internal bool AlreadyStored { get; private set; }

    /// <summary>No-op: durability is the job of <see cref="CommitAsync"/>.</summary>
    public override void Flush() { }

    /// <summary>
    /// Publishes the blob: flush and fsync, check size and digest against what the caller expects (if given),
    /// make it read-only, then rename it to <c>blobs/sha256/&lt;hex&gt;</c>. A blob already stored is success.
    /// </summary>
    /// <exception cref="ContentIntegrityException">The bytes do not match <paramref name="expectedDigest"/> or <paramref name="expectedSize"/>; nothing is stored.</exception>
    public async Task<Descriptor> CommitAsync(string mediaType, Digest? expectedDigest = null, long? expectedSize = null, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        await DispatchAsync(cancellationToken).ConfigureAwait(false);
        await DispatchAsync(cancellationToken).ConfigureAwait(false); // awaits the last write
        if (_earlyFlush is not null)
            await _earlyFlush.ConfigureAwait(false);
        var handle = _handle!;
        var size = _dispatched;
        var digest = Digest.FromHash(_hash.GetHashAndReset());
        try
        {
            if (expectedSize is { } es && es != size)
                throw DigestAccumulator.SizeMismatch(expectedDigest ?? digest, es, size);
            if (expectedDigest is { } ed && ed != digest)
                throw DigestAccumulator.DigestMismatch(ed, digest);
            if (_store.SyncBlobs)
                RandomAccess.FlushToDisk(handle);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(handle, OciLayoutStore.BlobMode);
        }
        catch
        {
            Discard();
            throw;
        }
        try
        {
            AlreadyStored = !await _store.PublishAsync(_tempPath, () => { handle.Dispose(); _handle = null; }, digest, _lease, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Discard();
            throw;
        }
        _committed = true;
        return new Descriptor(mediaType, digest, size);
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_handle is null && !_committed, this);
        if (_committed)
            throw new InvalidOperationException("blob already committed");
    }

    private void Discard()
    {
        _handle?.Dispose();
        _handle = null;
        try { File.Delete(_tempPath); }
        catch (IOException) { /* GC sweeps stale ingest files */ }
        catch (UnauthorizedAccessException) { }
    }

    // The buffered tail arrived intact (a failed read never reaches the buffer), so it belongs in the partial file.
    private void KeepPartial(bool writeFailed)
    {
        if (_handle is null)
            return;
        try
        {
            if (writeFailed)
                RandomAccess.SetLength(_handle, 0); // where the failed write stopped is unknown
            else if (_front.Length > 0)
                FileWrites.Write(_handle, _front.Filled, _dispatched);
        }
        catch (IOException)
        {
            // A short partial file is still a valid prefix; a torn one fails verification and is then deleted.
        }
    }

    /// <summary>Awaits any pending background write without blocking a thread, then disposes. An uncommitted blob is discarded, or kept as a partial file to resume when the writer is resumable.</summary>
    public override async ValueTask DisposeAsync()
    {
        // Waits for the background write and flush without blocking a thread; Dispose then finds nothing pending.
        try { await Task.WhenAll(_pending ?? Task.CompletedTask, _earlyFlush ?? Task.CompletedTask).ConfigureAwait(false); }
#pragma warning disable CA1031 // Whatever the background write threw was reported to the writer's caller already; here it only means the file's content is unknown.
        catch (Exception) { _writeFailed = true; }
#pragma warning restore CA1031
        _pending = _earlyFlush = null;
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for pending writes; an uncommitted blob is discarded, or kept as a partial file to resume when the writer is resumable. Never publishes a blob.</summary>
    /// <param name="disposing">False from a finalizer: nothing is released then.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            var writeFailed = _writeFailed;
            try { Task.WhenAll(_pending ?? Task.CompletedTask, _earlyFlush ?? Task.CompletedTask).Wait(); }
            catch (AggregateException) { writeFailed = true; /* discarded below, or the partial's content is unknown */ }
            _pending = _earlyFlush = null;
            if (!_committed && _resumable)
                KeepPartial(writeFailed);
            else if (!_committed)
                Discard();
            _handle?.Dispose();
            _handle = null;
            _hash.Dispose();
            ((IDisposable)_front).Dispose();
            ((IDisposable)_back).Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Not supported: the writer is write-only.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    /// <summary>Not supported: the writer only appends.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    /// <summary>Not supported: the writer only appends.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException();
}
