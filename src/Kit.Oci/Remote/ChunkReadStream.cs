using Kit.Oci.Content;

namespace Kit.Oci.Remote;

/// <summary>Reads a chunk held in memory, without copying it, as the body of an upload request.</summary>
internal sealed class ChunkReadStream(ReadOnlyMemory<byte> chunk) : ReadOnlyStream
{
    private int _position;

    public override long Length => chunk.Length;
    protected override long Delivered => _position;

    public override int Read(Span<byte> buffer)
    {
        var n = Math.Min(buffer.Length, chunk.Length - _position);
        chunk.Span.Slice(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
}
