using System.Security.Cryptography;
using Kit.Oci.Content;

namespace Kit.Core.Packing;

/// <summary>Write-only pass-through that hashes what goes by, so the uncompressed tar is hashed exactly once.</summary>
internal sealed class HashingWriteStream(Stream inner, IncrementalHash hash) : WriteOnlyStream
{
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        hash.AppendData(buffer);
        inner.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        hash.AppendData(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
}
