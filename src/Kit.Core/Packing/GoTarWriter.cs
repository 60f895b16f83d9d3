using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace Kit.Core.Packing;

/// <summary>
/// Streams a tar archive in Go <c>archive/tar</c> byte format: headers from <see cref="GoTarHeader"/>, data
/// padded to 512 bytes, and two zero blocks at the end (no padding to a 10 KiB record).
/// </summary>
/// <remarks>Output is gathered in one large pooled buffer so the destination sees few, big writes.</remarks>
internal sealed class GoTarWriter : IDisposable
{
    /// <summary>Size of the copy buffer; large so that file data moves in few system calls.</summary>
    public const int BufferSize = 1 << 20;

    private static readonly byte[] s_zeros = new byte[GoTarHeader.BlockSize * 2];

    [SuppressMessage("Usage", "CA2213:Disposable fields should be disposed", Justification = "The caller owns the output stream.")]
    private readonly Stream _output;
    private readonly IProgress<long>? _progress;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;
    private long _fileBytes;

    /// <param name="output">Receives the tar bytes; not disposed by this writer.</param>
    /// <param name="progress">Receives the running total of file-data bytes copied, after each read.</param>
    public GoTarWriter(Stream output, IProgress<long>? progress = null)
    {
        _output = output;
        _progress = progress;
    }

    /// <summary>Total tar bytes produced so far.</summary>
    public long Length { get; private set; }

    public ValueTask WriteDirectoryAsync(string name, int mode, CancellationToken cancellationToken = default) =>
        AppendAsync(GoTarHeader.Encode(name, isDirectory: true, mode, 0), cancellationToken);

    /// <summary>Writes a regular file entry with exactly <paramref name="size"/> bytes read from <paramref name="content"/>.</summary>
    /// <exception cref="PackingException">Reading <paramref name="content"/> failed, or it did not hold exactly <paramref name="size"/> bytes.</exception>
    public async ValueTask WriteFileAsync(string name, int mode, long size, Stream content, CancellationToken cancellationToken = default)
    {
        await AppendAsync(GoTarHeader.Encode(name, isDirectory: false, mode, size), cancellationToken).ConfigureAwait(false);
        var buffer = Buffer;
        var remaining = size;
        while (remaining > 0)
        {
            if (_used == buffer.Length)
                await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            var want = (int)Math.Min(buffer.Length - _used, remaining);
            var read = await ReadAsync(name, content, buffer.AsMemory(_used, want), cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw new PackingException($"failed to add file {name} to archive: file shrank while packing (expected {size} bytes, got {size - remaining})");
            _used += read;
            Length += read;
            remaining -= read;
            _fileBytes += read;
            _progress?.Report(_fileBytes);
        }
        var probe = new byte[1];
        if (await ReadAsync(name, content, probe, cancellationToken).ConfigureAwait(false) != 0)
            throw new PackingException($"failed to add file {name} to archive: file grew while packing (expected {size} bytes)");
        await AppendAsync(s_zeros.AsMemory(0, GoTarHeader.Padding(size)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the end-of-archive marker and hands all buffered bytes to the output stream.</summary>
    /// <remarks>The output is not flushed: flushing a GZipStream would add a sync-flush block to the stored bytes.</remarks>
    public async ValueTask FinishAsync(CancellationToken cancellationToken = default)
    {
        await AppendAsync(s_zeros, cancellationToken).ConfigureAwait(false);
        await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(GoTarWriter));

    private static async ValueTask<int> ReadAsync(string name, Stream content, Memory<byte> destination, CancellationToken cancellationToken)
    {
        try
        {
            return await content.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PackingException($"failed to add file {name} to archive: {Formatting.FileSystemMessages.Describe(e)}", e);
        }
    }

    private async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var buffer = Buffer;
        while (!data.IsEmpty)
        {
            if (_used == buffer.Length)
                await FlushBufferAsync(cancellationToken).ConfigureAwait(false);
            var count = Math.Min(buffer.Length - _used, data.Length);
            data.Span[..count].CopyTo(buffer.AsSpan(_used));
            _used += count;
            Length += count;
            data = data[count..];
        }
    }

    private async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_used == 0)
            return;
        await _output.WriteAsync(Buffer.AsMemory(0, _used), cancellationToken).ConfigureAwait(false);
        _used = 0;
    }
}
