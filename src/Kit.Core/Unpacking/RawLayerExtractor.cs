using Kit.Core.Format;
using Kit.Core.Packing;
using Kit.Oci;

namespace Kit.Core.Unpacking;

/// <summary>
/// Writes a raw layer (one file, possibly compressed) to the path its <c>org.cncf.model.filepath</c> annotation names,
/// as KitOps 1.17 does: inside the target, mode from the metadata annotation (0644 without one), the size checked
/// against the metadata. The blob is hashed while it is written and the file renamed into place only when it matched.
/// </summary>
internal static class RawLayerExtractor
{
    private const int CopyBufferSize = 1 << 20;

    /// <summary>Where the layer's file goes under <paramref name="targetDirectory"/>.</summary>
    /// <exception cref="TarExtractionException">No file path annotation, or one that leaves the target.</exception>
    public static string Destination(Descriptor layer, string targetDirectory)
    {
        if (layer.Annotations?.GetValueOrDefault(ModelKitAnnotations.FilePath) is not { Length: > 0 } path)
            throw new TarExtractionException(TarExtractionError.InvalidArchive, $"failed to unpack raw layer: no {ModelKitAnnotations.FilePath} annotation");
        return new ExtractionTarget(targetDirectory).Resolve(path);
    }

    /// <summary>Writes the file; returns its path, or null when an existing file was kept (<c>-i</c>).</summary>
    /// <exception cref="TarExtractionException">Unsafe path, existing file without -o/-i, size or digest mismatch.</exception>
    /// <param name="source">The layer blob.</param>
    /// <param name="layer">Its descriptor, with the file path and metadata annotations.</param>
    /// <param name="targetDirectory">The unpack directory.</param>
    /// <param name="options">Existing files, compression and the digest to check.</param>
    /// <param name="sourcePath">
    /// The blob's file in the store, when it is one: an uncompressed layer is then copied by the kernel (a reflink where
    /// the file system can) while <paramref name="source"/> is hashed beside it, instead of passing through this process.
    /// </param>
    /// <param name="cancellationToken">Stops the extraction; nothing is left at the path.</param>
    public static async Task<string?> ExtractAsync(Stream source, Descriptor layer, string targetDirectory, TarExtractionOptions options,
        string? sourcePath = null, CancellationToken cancellationToken = default)
    {
        var target = new ExtractionTarget(targetDirectory);
        var path = Destination(layer, targetDirectory);
        var name = layer.Annotations![ModelKitAnnotations.FilePath];
        if (path == target.Root) throw ExtractionTarget.Illegal(name);
        Directory.CreateDirectory(target.Root);
        target.EnsureParentDirectories(path, name);

        if (ExtractionTarget.KeepsExisting(path, target.Kind(path), options.Overwrite, options.IgnoreExisting))
            return null;

        var metadata = layer.Annotations.GetValueOrDefault(RawFileMetadata.Annotation) is { } json ? RawFileMetadata.TryParse(json) : null;
        var mode = (UnixFileMode)((metadata?.Mode ?? 0x1A4) & 0x1FF); // 0644 without metadata
        var temp = Path.Join(Path.GetDirectoryName(path), $".kit-tmp-{Guid.NewGuid():N}");
        try
        {
            long written;
            var hashing = new HashingReadStream(source);
            await using (hashing.ConfigureAwait(false))
            {
                if (sourcePath is not null && options.Compression == LayerCompression.None)
                {
                    // Both read the same stored blob, which never changes once named: the copy holds the bytes hashed here.
                    var copy = Task.Run(() => FileCopy.Copy(sourcePath, temp, mode, cancellationToken), cancellationToken);
                    try
                    {
                        await DrainAsync(hashing, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        written = await copy.ConfigureAwait(false);
                    }
                }
                else
                {
                    var input = SafeTarExtractor.Decompressed(hashing, options.Compression);
                    await using (input == hashing ? Stream.Null : input)
                        written = await CopyAsync(input, temp, mode, cancellationToken).ConfigureAwait(false);
                }
                await DrainAsync(hashing, cancellationToken).ConfigureAwait(false);
                var actual = await hashing.GetDigestAsync().ConfigureAwait(false);
                if (options.ExpectedDigest is { } expected && actual != expected)
                    throw new TarExtractionException(TarExtractionError.DigestMismatch,
                        $"layer digest mismatch: expected {expected}, got {actual} ({hashing.BytesRead} bytes read); no file of the layer was kept");
            }
            if (metadata?.Size is { } size && size != written)
                throw new TarExtractionException(TarExtractionError.InvalidArchive, $"unpacked size of file {name} does not match metadata annotation");
            File.Move(temp, path, options.Overwrite);
        }
        catch
        {
            ExtractionTarget.DeleteQuietly(temp);
            throw;
        }
        return path;
    }

    /// <summary>Reads to the end, so the hash covers the whole blob (also what a decompressor left unread).</summary>
    private static async Task DrainAsync(Stream hashing, CancellationToken cancellationToken)
    {
        var buffer = new byte[CopyBufferSize];
        while (await hashing.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
        }
    }

    private static async Task<long> CopyAsync(Stream input, string temp, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = mode;
        var output = new FileStream(temp, fileOptions);
        await using (output.ConfigureAwait(false))
        {
            var buffer = new byte[CopyBufferSize];
            long copied = 0;
            int read;
            try
            {
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    copied += read;
                }
            }
            catch (InvalidDataException e)
            {
                throw new TarExtractionException(TarExtractionError.InvalidArchive, $"invalid compressed data: {e.Message}", e);
            }
            return copied;
        }
    }
}
