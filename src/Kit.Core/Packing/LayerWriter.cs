using System.IO.Compression;
using System.Security.Cryptography;
using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary>Writes a planned layer as tar, or as its one file (raw), optionally compressed, to a caller-supplied stream.</summary>
internal static class LayerWriter
{
    /// <summary>
    /// Streams every entry of <paramref name="plan"/> into <paramref name="destination"/>. The caller hashes what
    /// it receives for the layer digest; for gzip the uncompressed tar is hashed here for the diffId.
    /// </summary>
    /// <param name="plan">The files of the layer, in tar order.</param>
    /// <param name="destination">Receives the layer blob (tar or gzip); not disposed here.</param>
    /// <param name="compression">How the tar is compressed.</param>
    /// <param name="progress">Receives the running total of file-data bytes copied.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    /// <exception cref="PackingException">A file could not be opened or read, or changed size while packing.</exception>
    public static Task<LayerWriteResult> WriteAsync(
        LayerPlan plan,
        Stream destination,
        LayerCompression compression,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default) =>
        WriteAsync(plan, destination, LayerFormat.Tar, compression, progress, cancellationToken);

    /// <inheritdoc cref="WriteAsync(LayerPlan, Stream, LayerCompression, IProgress{long}?, CancellationToken)"/>
    /// <param name="plan">The files of the layer, in tar order; for <see cref="LayerFormat.Raw"/> exactly one file.</param>
    /// <param name="destination">Receives the layer blob; not disposed here.</param>
    /// <param name="format">Tar archive, or the file's bytes verbatim.</param>
    /// <param name="compression">How the layer is compressed.</param>
    /// <param name="progress">Receives the running total of file-data bytes copied.</param>
    /// <param name="cancellationToken">Stops the copy.</param>
    public static async Task<LayerWriteResult> WriteAsync(
        LayerPlan plan,
        Stream destination,
        LayerFormat format,
        LayerCompression compression,
        IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        Func<Stream, Task<long>> write = format == LayerFormat.Raw
            ? output => WriteRawAsync(plan, output, progress, cancellationToken)
            : output => WriteTarAsync(plan, output, progress, cancellationToken);
        if (compression == LayerCompression.None)
        {
            var tarSize = await write(destination).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            return new LayerWriteResult(null, plan.TotalFileSize, tarSize);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size;
        var compressor = Compressor(destination, compression);
        await using (compressor.ConfigureAwait(false))
        {
            using var hashing = new HashingWriteStream(compressor, hash);
            size = await write(hashing).ConfigureAwait(false);
        }
        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new LayerWriteResult(Digest.FromHash(hash.GetHashAndReset()), plan.TotalFileSize, size);
    }

    private static Stream Compressor(Stream destination, LayerCompression compression)
    {
        if (compression != LayerCompression.Zstd)
            return new GZipStream(destination, new ZLibCompressionOptions { CompressionLevel = compression.DeflateLevel() }, leaveOpen: true);
        // zstd's default level, as KitOps's encoder uses; its worker threads compress blocks on every core.
        var zstd = new ZstdSharp.CompressionStream(destination, level: 3, leaveOpen: true);
        zstd.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_nbWorkers, Environment.ProcessorCount);
        return zstd;
    }

    private static async Task<long> WriteTarAsync(LayerPlan plan, Stream output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var tar = new GoTarWriter(output, progress);
        foreach (var entry in plan.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.IsDirectory)
            {
                await tar.WriteDirectoryAsync(entry.Name, entry.Mode, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (entry.Size == 0)
            {
                // Nothing to copy; not opening also keeps an unnoticed FIFO from blocking the pack.
                await tar.WriteFileAsync(entry.Name, entry.Mode, 0, Stream.Null, cancellationToken).ConfigureAwait(false);
                continue;
            }
            var file = Open(entry);
            await using (file.ConfigureAwait(false))
                await tar.WriteFileAsync(entry.Name, entry.Mode, entry.Size, file, cancellationToken).ConfigureAwait(false);
        }
        await tar.FinishAsync(cancellationToken).ConfigureAwait(false);
        return tar.Length;
    }

    private static async Task<long> WriteRawAsync(LayerPlan plan, Stream output, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var entry = plan.Entries.Single();
        var file = Open(entry);
        await using (file.ConfigureAwait(false))
        {
            var buffer = new byte[1 << 20];
            long copied = 0;
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                copied += read;
                if (copied > entry.Size)
                    throw new PackingException($"failed to add file {entry.Name} to layer: file grew while packing (expected {entry.Size} bytes)");
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                progress?.Report(copied);
            }
            if (copied != entry.Size)
                throw new PackingException($"failed to add file {entry.Name} to layer: file shrank while packing (expected {entry.Size} bytes, got {copied})");
            return copied;
        }
    }

    private static FileStream Open(LayerEntry entry)
    {
        try
        {
            return new FileStream(entry.FullPath, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 0,
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PackingException($"failed to open file {entry.Name} for archiving: {Formatting.FileSystemMessages.Describe(e, entry.FullPath)}", e);
        }
    }
}
