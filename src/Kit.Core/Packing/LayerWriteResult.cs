using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary>What writing a layer produced besides the stored bytes.</summary>
/// <param name="DiffId">sha256 of the uncompressed tar when compressed; null for <see cref="LayerCompression.None"/>, whose diffId is its digest.</param>
/// <param name="TotalFileSize">Bytes of regular-file data written.</param>
/// <param name="TarSize">Length of the uncompressed tar.</param>
internal sealed record LayerWriteResult(Digest? DiffId, long TotalFileSize, long TarSize);
