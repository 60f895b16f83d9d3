namespace Kit.Oci.Remote;

public sealed partial class RemoteRepository
{
    /// <summary>
    /// Opens an upload session for a blob whose digest and size are not known yet: the bytes written to the returned
    /// stream are hashed on the way and PATCHed chunk by chunk, and <see cref="BlobUploadStream.CompleteAsync"/> names
    /// the digest in the closing PUT. Null when the registry takes no chunks (<see cref="ChunkingRules"/>): the caller
    /// must keep the bytes and push them in one PUT instead.
    /// </summary>
    internal async Task<BlobUploadStream?> BeginStreamingUploadAsync(CancellationToken cancellationToken = default)
    {
        if (RequiresMonolithic(BaseUri))
            return null;
        var location = (await StartUploadAsync(null, null, cancellationToken).ConfigureAwait(false))!;
        if (!RequiresMonolithic(location))
            return new BlobUploadStream(this, location);
        await CancelUploadAsync(location).ConfigureAwait(false);
        return null;
    }

    private bool RequiresMonolithic(Uri uri) => Options.RefuseChunks || ChunkingRules.RequiresMonolithic(uri.Host);

    /// <summary>
    /// Sends <paramref name="chunk"/>, the blob's bytes from <paramref name="start"/>, as PATCH requests; a broken one
    /// is sent again from where the registry stands, which must lie within the chunk (it is all there is).
    /// </summary>
    internal async Task<Uri> PatchChunkAsync(Uri location, ReadOnlyMemory<byte> chunk, long start, CancellationToken cancellationToken)
    {
        var source = UploadSource.At(offset => offset >= start && offset <= start + chunk.Length
            ? new ChunkReadStream(chunk[(int)(offset - start)..])
            : throw new InvalidOperationException($"the registry reports {offset} bytes of a streamed upload whose bytes {start}-{start + chunk.Length - 1} are at hand; the upload cannot go on"), null);
        await using (source.ConfigureAwait(false))
            return await PatchRangeAsync(location, null, source, start, start + chunk.Length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes a streamed session with the digest computed while the bytes went up.</summary>
    internal Task CloseStreamingUploadAsync(Uri location, Descriptor descriptor, CancellationToken cancellationToken) =>
        CloseUploadAsync(location, descriptor, cancellationToken);

    /// <summary>Abandons a streamed session (best effort).</summary>
    internal Task CancelStreamingUploadAsync(Uri location) => CancelUploadAsync(location);
}
