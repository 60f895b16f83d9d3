using Kit.Oci.Content;

namespace Kit.Core.Packing;

/// <summary>Writes every byte to two streams in turn, so one pass over the files fills both (the store and an upload).</summary>
internal sealed class TeeWriteStream(Stream first, Stream second) : WriteOnlyStream
{
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        first.Write(buffer);
        second.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await first.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        await second.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
        first.Flush();
        second.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await first.FlushAsync(cancellationToken).ConfigureAwait(false);
        await second.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
