using System.Formats.Tar;
using System.IO.Compression;

namespace Kit.Core.Tests.Unpacking;

/// <summary>Builds tar archives in memory for extraction tests.</summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream _buffer = new();
    private readonly TarWriter _writer;

    public TarBuilder(TarEntryFormat format = TarEntryFormat.Pax) => _writer = new TarWriter(_buffer, format, leaveOpen: true);

    public TarBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100, DateTimeOffset? mtime = null) =>
        File(name, System.Text.Encoding.UTF8.GetBytes(content), mode, mtime);

    public TarBuilder File(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0b110_100_100, DateTimeOffset? mtime = null)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = mode };
        if (mtime is { } m)
            entry.ModificationTime = m;
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder Directory(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode });
        return this;
    }

    public TarBuilder Entry(TarEntry entry)
    {
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder SymbolicLink(string name, string target) =>
        Entry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });

    public TarBuilder HardLink(string name, string target) =>
        Entry(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target });

    public byte[] ToArray()
    {
        _writer.Dispose();
        return _buffer.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(data);
        return output.ToArray();
    }
}

/// <summary>A network-like stream: no seeking, no length, counts what was read.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = inner.Read(buffer, offset, count);
        BytesRead += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        BytesRead += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
