using System.Formats.Tar;
using System.IO.Compression;

namespace Kit.Core.Unpacking;

/// <summary>
/// Streams a layer tar into a directory: one file open at a time, nothing buffered beyond a copy buffer,
/// only regular files and directories, and nothing ever written outside the target.
/// </summary>
/// <remarks>
/// Files are written to a temporary name beside their destination and renamed into place when complete,
/// so a failure (truncated layer, cancellation, full disk) never leaves a half-written file under its
/// real name. With an expected digest the renames wait until the whole blob has been read and hashed (the
/// input is always read to its end): a layer that does not match leaves the user's files as they were and
/// its own files are removed. Only names are kept meanwhile, so memory stays constant in the layer size.
/// </remarks>
internal static class SafeTarExtractor
{
    private const int CopyBufferSize = 1 << 20;

    private const UnixFileMode PermissionBits =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Extracts the tar in <paramref name="source"/> into <paramref name="targetDirectory"/> (created if missing).</summary>
    /// <exception cref="TarExtractionException">An entry is unsafe, unsupported, conflicts with an existing path, or the archive is corrupt.</exception>
    public static async Task<TarExtractionResult> ExtractAsync(
        Stream source, string targetDirectory, TarExtractionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrEmpty(targetDirectory);
        options ??= TarExtractionOptions.Default;

        var target = new ExtractionTarget(targetDirectory, deferPlacement: options.ExpectedDigest is not null);
        Directory.CreateDirectory(target.Root);
        try
        {
            return await ExtractAsync(source, target, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever is still staged belongs to a layer that failed.
            target.Discard();
        }
    }

    /// <summary>
    /// The files of the tar in <paramref name="source"/> that already exist under <paramref name="targetDirectory"/>, read
    /// without writing anything, so that an unpack can refuse before it changes the directory.
    /// </summary>
    /// <exception cref="TarExtractionException">An entry is unsafe or the archive is corrupt.</exception>
    public static async Task<IReadOnlyList<string>> FindExistingAsync(Stream source, string targetDirectory, Packing.LayerCompression compression,
        CancellationToken cancellationToken = default)
    {
        var target = new ExtractionTarget(targetDirectory);
        var input = Decompressed(source, compression);
        await using var inputScope = (input == source ? Stream.Null : input).ConfigureAwait(false);
        var existing = new List<string>();
        var reader = new TarReader(input, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await ReadNextAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (Classify(entry) != EntryKind.File) continue;
                var path = target.Resolve(entry.Name);
                if (ExtractionTarget.Probe(path) != PathKind.Missing)
                    existing.Add(path);
            }
        }
        return existing;
    }

    // Any valid gzip (GZipStream reads concatenated members too) or zstd frame is accepted, not only Go's output.
    internal static Stream Decompressed(Stream raw, Packing.LayerCompression compression) => compression switch
    {
        Packing.LayerCompression.None => raw,
        Packing.LayerCompression.Zstd => new ZstdSharp.DecompressionStream(raw, leaveOpen: true),
        _ => new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true),
    };

    private static async Task<TarExtractionResult> ExtractAsync(
        Stream source, ExtractionTarget target, TarExtractionOptions options, CancellationToken cancellationToken)
    {
        var hashing = options.ExpectedDigest is null ? null : new HashingReadStream(source);
        await using var hashingScope = (hashing ?? Stream.Null).ConfigureAwait(false);
        var raw = hashing ?? source;
        var input = Decompressed(raw, options.Compression);
        await using var inputScope = (input == raw ? Stream.Null : input).ConfigureAwait(false);

        var written = new List<string>();
        var skipped = 0;
        var directories = 0;
        var buffer = new byte[CopyBufferSize];

        var reader = new TarReader(input, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            while (await ReadNextAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                switch (Classify(entry))
                {
                    case EntryKind.Metadata:
                        break;
                    case EntryKind.Directory:
                        if (CreateDirectory(target, entry))
                            directories++;
                        break;
                    case EntryKind.File:
                        var path = await WriteFileAsync(target, entry, options, buffer, cancellationToken).ConfigureAwait(false);
                        if (path is null)
                            skipped++;
                        else
                            written.Add(path);
                        break;
                    default:
                        throw new TarExtractionException(TarExtractionError.UnsupportedEntryType,
                            $"unrecognized type in archive: {entry.Name}");
                }
            }
        }

        await DrainAsync(input, buffer, cancellationToken).ConfigureAwait(false);
        if (hashing is not null)
        {
            // Bytes after the end of a gzip stream are part of the blob too.
            await DrainAsync(hashing, buffer, cancellationToken).ConfigureAwait(false);
            var actual = await hashing.GetDigestAsync().ConfigureAwait(false);
            if (actual != options.ExpectedDigest)
                throw new TarExtractionException(TarExtractionError.DigestMismatch,
                    $"layer digest mismatch: expected {options.ExpectedDigest}, got {actual} ({hashing.BytesRead} bytes read); no file of the layer was kept");
            return new TarExtractionResult(target.Commit(options.Overwrite), skipped, directories);
        }
        return new TarExtractionResult(written, skipped, directories);
    }

    private static async Task<TarEntry?> ReadNextAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            // copyData: false keeps the entry's data in the source stream; it is consumed by the copy below
            // or skipped by the reader when the next entry is requested.
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new TarExtractionException(TarExtractionError.InvalidArchive, $"invalid tar archive: {ex.Message}", ex);
        }
    }

    private static EntryKind Classify(TarEntry entry) => entry.EntryType switch
    {
        TarEntryType.Directory => EntryKind.Directory,
        TarEntryType.RegularFile => EntryKind.File,
        // Pre-POSIX tars mark directories only by a trailing slash; Go's reader does the same mapping.
        TarEntryType.V7RegularFile => entry.Name.EndsWith('/') ? EntryKind.Directory : EntryKind.File,
        // Per-entry PAX and GNU long-name headers are folded into the next entry by TarReader; a global
        // PAX header only carries defaults and names no file.
        TarEntryType.GlobalExtendedAttributes => EntryKind.Metadata,
        _ => EntryKind.Unsupported,
    };

    /// <summary>Returns whether the directory was created.</summary>
    private static bool CreateDirectory(ExtractionTarget target, TarEntry entry)
    {
        var path = target.Resolve(entry.Name);
        if (path == target.Root)
            return false;
        target.EnsureParentDirectories(path, entry.Name);
        switch (target.Kind(path))
        {
            case PathKind.Directory:
                target.MarkDirectory(path);
                return false;
            case PathKind.Missing:
                break;
            default:
                throw new TarExtractionException(TarExtractionError.TypeConflict,
                    $"path '{path}' already exists and is not a directory");
        }

        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, (entry.Mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        target.MarkDirectory(path);
        return true;
    }

    /// <summary>Returns the written path, or null when an existing file was kept.</summary>
    private static async Task<string?> WriteFileAsync(
        ExtractionTarget target, TarEntry entry, TarExtractionOptions options, byte[] buffer, CancellationToken cancellationToken)
    {
        var path = target.Resolve(entry.Name);
        if (path == target.Root)
            throw ExtractionTarget.Illegal(entry.Name);
        target.EnsureParentDirectories(path, entry.Name);

        var existing = target.Kind(path);
        if (existing != PathKind.Missing)
        {
            // The reader skips the unread data of this entry when the next one is requested.
            if (options.IgnoreExisting)
                return null;
            if (!options.Overwrite)
                throw new TarExtractionException(TarExtractionError.PathExists, $"path '{path}' already exists");
            if (existing != PathKind.File)
                throw new TarExtractionException(TarExtractionError.TypeConflict,
                    $"path '{path}' already exists and is not a regular file");
        }

        // Not derived from the file name: a long name plus a suffix could exceed the 255-byte name limit.
        var temp = Path.Join(Path.GetDirectoryName(path), $".kit-tmp-{Guid.NewGuid():N}");
        try
        {
            await CopyDataAsync(entry, temp, buffer, cancellationToken).ConfigureAwait(false);
            if (options.RestoreModificationTimes && entry.ModificationTime > DateTimeOffset.UnixEpoch)
                File.SetLastWriteTimeUtc(temp, entry.ModificationTime.UtcDateTime);
            target.Place(temp, path, options.Overwrite);
        }
        catch
        {
            ExtractionTarget.DeleteQuietly(temp);
            throw;
        }
        return path;
    }

    private static async Task CopyDataAsync(TarEntry entry, string temp, byte[] buffer, CancellationToken cancellationToken)
    {
        var fileOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
            fileOptions.UnixCreateMode = (entry.Mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite;

        long copied = 0;
        var output = new FileStream(temp, fileOptions);
        await using (output.ConfigureAwait(false))
        {
            if (entry.DataStream is { } data)
            {
                int read;
                while (copied < entry.Length
                    && (read = await ReadAsync(data, buffer, entry.Name, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    copied += read;
                }
            }
        }

        // The reader's data stream simply ends early when the archive is cut off mid-entry.
        if (copied != entry.Length)
            throw new TarExtractionException(TarExtractionError.InvalidArchive,
                $"invalid tar archive: {entry.Name} is truncated ({copied} of {entry.Length} bytes)");
    }

    private static async ValueTask<int> ReadAsync(Stream data, byte[] buffer, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await data.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new TarExtractionException(TarExtractionError.InvalidArchive, $"invalid tar archive: reading {name}: {ex.Message}", ex);
        }
    }

    private static async Task DrainAsync(Stream input, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            while (await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (InvalidDataException ex)
        {
            throw new TarExtractionException(TarExtractionError.InvalidArchive, $"invalid compressed data after the tar end: {ex.Message}", ex);
        }
    }

    private enum EntryKind
    {
        Metadata,
        Directory,
        File,
        Unsupported,
    }
}
