using System.Text;
using Kit.Oci.Content;
using Microsoft.Win32.SafeHandles;

namespace Kit.Oci.Layout;

/// <summary>
/// One plain OCI image layout (https://github.com/opencontainers/image-spec/blob/main/image-layout.md):
/// <c>oci-layout</c>, <c>index.json</c>, <c>blobs/sha256/&lt;hex&gt;</c>, plus our private <c>ingest/</c>
/// (temp files, same file system so publishing is a rename), <c>leases/</c> and <c>index.lock</c>.
/// </summary>
/// <remarks>
/// Concurrency, across processes: <c>index.lock</c> is held shared while blobs are published and leases
/// or writers start, and exclusively while index.json is rewritten and while GC runs. So GC never sees a
/// half-published blob, and a blob published under a lease is always in that lease before GC looks.
/// index.json is replaced by rename, so readers need no lock.
/// </remarks>
public sealed class OciLayoutStore : IReadOnlyStorage
{
    private const string LayoutFileContent = """{"imageLayoutVersion":"1.0.0"}""";

    /// <summary>Opens the layout at <paramref name="root"/>; nothing on disk is read or created here.</summary>
    /// <param name="root">The layout directory; relative paths are made absolute against the current directory.</param>
    public OciLayoutStore(string root)
    {
        Root = Path.GetFullPath(root);
    }

    /// <summary>Absolute path of the layout directory.</summary>
    public string Root { get; }

    /// <summary>How long to wait for another process's lock before failing with <see cref="StoreLockTimeoutException"/>.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Size of each of a <see cref="BlobWriter"/>'s two buffers.</summary>
    public int WriteBufferSize { get; init; } = BlobWriter.DefaultBufferSize;

    /// <summary>Age after which GC treats leases and ingest files as abandoned when file locking is disabled in .NET.</summary>
    public TimeSpan StaleAge { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// fsync each blob's data before it is renamed into place. Off by default: a blob is published by rename,
    /// so a killed process never leaves a partial blob under a digest name, and every read verifies the
    /// digest, so what a power loss might tear is reported, never used. On, a 1 GiB pack waits for the disk
    /// (about 3 s here) instead of the page cache. index.json is always fsynced.
    /// </summary>
    public bool SyncBlobs { get; init; }

    /// <summary>What an unreadable index.json's error tells to do (the application's repair command); null: the library's advice.</summary>
    internal string? CorruptIndexRepair { get; init; }

    /// <summary>Files another tool keeps of the same names, updated under the lock with every index change.</summary>
    internal IIndexMirror? Mirror { get; init; }

    internal string BlobsDirectory => Path.Combine(Root, "blobs", "sha256");
    internal string IngestDirectory => Path.Combine(Root, "ingest");
    internal string LeasesDirectory => Path.Combine(Root, "leases");
    internal string IndexPath => Path.Combine(Root, "index.json");
    internal string LockPath => Path.Combine(Root, "index.lock");

    /// <summary>Where the blob with <paramref name="digest"/> is or would be stored; the file need not exist.</summary>
    internal string GetBlobPath(Digest digest) => Path.Combine(BlobsDirectory, digest.Hex);

    /// <summary>Whether a blob file with <paramref name="digest"/> is present. Its content is not verified, and it is not leased, so GC may remove it unless it is indexed.</summary>
    public bool Exists(Digest digest) => File.Exists(GetBlobPath(digest));

    /// <summary>Size on disk of the blob with <paramref name="digest"/>, without verifying it.</summary>
    /// <returns><see langword="false"/>, with <paramref name="size"/> 0, when the blob is absent.</returns>
    public bool TryGetSize(Digest digest, out long size)
    {
        var info = new FileInfo(GetBlobPath(digest));
        size = info.Exists ? info.Length : 0;
        return info.Exists;
    }

    /// <summary>Starts streaming a blob into the store; see <see cref="BlobWriter.CommitAsync"/>.</summary>
    /// <param name="lease">Protects the blob from GC once committed, until the lease ends.</param>
    public BlobWriter BeginBlobWrite(StoreLease? lease = null) => BeginBlobWrite(lease, expectedSize: null);

    /// <summary>As <see cref="BeginBlobWrite(StoreLease?)"/>, with buffers no larger than a blob of <paramref name="expectedSize"/> needs.</summary>
    internal BlobWriter BeginBlobWrite(StoreLease? lease, long? expectedSize)
    {
        EnsureLayout();
        var temp = Path.Combine(IngestDirectory, "blob-" + Guid.NewGuid().ToString("N"));
        // Shared lock so GC cannot catch the temp file between its creation and its lock.
        using var _ = AcquireLock(exclusive: false);
        return new BlobWriter(this, lease, temp, WriteBufferSizeFor(expectedSize));
    }

    // A config or manifest of a few hundred bytes needs no 4 MiB buffers (nor the huge pages they are mapped on).
    private int WriteBufferSizeFor(long? expectedSize) =>
        expectedSize is { } size && size < WriteBufferSize ? (int)Math.Max(size, 1) : WriteBufferSize;

    internal const string PartialSuffix = ".partial";

    /// <summary>A stored blob's mode: read-only for everyone, so no stray write changes what its digest names.</summary>
    internal const UnixFileMode BlobMode = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The partial download of <paramref name="digest"/>, kept between runs: <c>ingest/&lt;hex&gt;.partial</c>.</summary>
    public string GetPartialPath(Digest digest) => Path.Combine(IngestDirectory, digest.Hex + PartialSuffix);

    /// <summary>
    /// Starts (or continues) writing a blob whose digest is known, in <c>ingest/&lt;hex&gt;.partial</c>. Bytes left
    /// there by an interrupted earlier run are hashed first and reported as <see cref="BlobWriter.ExistingLength"/>,
    /// so the caller asks only for the rest. The file is locked while the writer lives: other writers of the same
    /// blob (threads or processes) wait here until it is committed or abandoned, and GC leaves it alone.
    /// </summary>
    /// <returns>null when the blob is in the store already (it is then added to <paramref name="lease"/>).</returns>
    public async Task<BlobWriter?> BeginResumableWriteAsync(Digest digest, long expectedSize, StoreLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        EnsureLayout();
        var path = GetPartialPath(digest);
        while (true)
        {
            // Another writer holds the partial file until it commits or gives up; then we either find the blob or take over.
            var handle = await FileLocking.PollAsync(path, ct => TryOpenPartialUnlessLeasedAsync(lease, digest, path, ct),
                Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
            if (handle == LeasedAlready)
                return null;
            BlobWriter writer;
            try
            {
                if (Exists(digest))
                {
                    // Committed by the previous holder just before we opened: what we opened is a new, empty file.
                    handle.Dispose();
                    TryDeleteFile(path);
                    continue;
                }
                writer = new BlobWriter(this, lease, path, handle, WriteBufferSizeFor(expectedSize), resumable: true);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
            try
            {
                await writer.ResumeAsync(expectedSize, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await writer.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            return writer;
        }
    }

    /// <summary>Stands for "the blob is in the store and now leased" in the partial-file poll.</summary>
    private static readonly SafeFileHandle LeasedAlready = new();

    private async ValueTask<SafeFileHandle?> TryOpenPartialUnlessLeasedAsync(StoreLease lease, Digest digest, string path,
        CancellationToken cancellationToken)
    {
        if (await LeaseIfExistsAsync(lease, digest, cancellationToken).ConfigureAwait(false))
            return LeasedAlready;
        // Shared store lock: GC cannot delete the file between our open and our lock on it.
        using (await AcquireLockAsync(exclusive: false, cancellationToken).ConfigureAwait(false))
            return TryOpenPartial(path);
    }

    private static SafeFileHandle? TryOpenPartial(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (FileLocking.IsHeldElsewhere(e) || File.Exists(path))
        {
            // Held by another writer; it may commit (moving the file away) before we look, so a lock conflict is
            // "try again" even when the file is already gone: the next poll finds the blob or an empty slot.
            return null;
        }
    }

    private static void TryDeleteFile(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Makes the file at <paramref name="path"/> a blob by moving it into the store (a rename: no byte is copied) and
    /// hashing it where it then lies: for a caller that gives the file away (<c>kit import</c> packing what it
    /// downloaded as raw layers). The caller makes sure nothing else links to the file. If anything fails, the file is
    /// moved back.
    /// </summary>
    /// <returns>The blob, and whether the store had it already (the moved file is then dropped).</returns>
    internal async Task<(Descriptor Blob, bool AlreadyStored)> AdoptFileAsync(string path, string mediaType, StoreLease lease,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        EnsureLayout();
        var temp = Path.Combine(IngestDirectory, "blob-" + Guid.NewGuid().ToString("N"));
        using var file = await MoveInAsync(path, temp, cancellationToken).ConfigureAwait(false);
        try
        {
            var digest = Digest.FromHash(await System.Security.Cryptography.SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
            var size = file.Length;
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file.SafeFileHandle, BlobMode);
            var published = await PublishAsync(temp, file.Dispose, digest, lease, cancellationToken).ConfigureAwait(false);
            return (new Descriptor(mediaType, digest, size), !published);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            if (File.Exists(temp))
                File.Move(temp, path);
            throw;
        }
    }

    /// <summary>Moves a file into ingest/ and opens it locked, under the shared lock so GC cannot take it between the two.</summary>
    private async Task<FileStream> MoveInAsync(string path, string temp, CancellationToken cancellationToken)
    {
        using var _ = await AcquireLockAsync(exclusive: false, cancellationToken).ConfigureAwait(false);
        File.Move(path, temp);
        try
        {
            return new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 20, FileOptions.SequentialScan);
        }
        catch
        {
            File.Move(temp, path);
            throw;
        }
    }

    /// <summary>Stores a small blob (config, manifest) and returns its descriptor.</summary>
    public async Task<Descriptor> PutBytesAsync(string mediaType, ReadOnlyMemory<byte> content, StoreLease? lease = null, CancellationToken cancellationToken = default)
    {
        var descriptor = new Descriptor(mediaType, Digest.Compute(content.Span), content.Length);
        if (lease is null ? Exists(descriptor.Digest) : await LeaseIfExistsAsync(lease, descriptor.Digest, cancellationToken).ConfigureAwait(false))
            return descriptor;
        var writer = BeginBlobWrite(lease);
        await using var _ = writer.ConfigureAwait(false);
        await writer.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        return await writer.CommitAsync(mediaType, descriptor.Digest, descriptor.Size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Adds an already stored blob to <paramref name="lease"/> (e.g. a pull that skips a blob it has) and
    /// reports whether it is there; when false the caller must write it.
    /// </summary>
    public async Task<bool> LeaseIfExistsAsync(StoreLease lease, Digest digest, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(BlobsDirectory))
            return false;
        using var _ = await AcquireLockAsync(exclusive: false, cancellationToken).ConfigureAwait(false);
        lease.Record(digest);
        return Exists(digest);
    }

    /// <summary>Opens a blob for reading; the stream throws <see cref="ContentIntegrityException"/> at its end if the content is not what <paramref name="digest"/> names.</summary>
    /// <exception cref="BlobNotFoundException">No such blob.</exception>
    public Stream OpenRead(Digest digest, long? expectedSize = null)
    {
        var path = GetBlobPath(digest);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(digest, path);
        }
        return new VerifyingReadStream(file, digest, expectedSize, "store at " + path);
    }

    /// <summary>Opens a blob by descriptor (see <see cref="OpenRead"/>); repositories, tags and leases are <see cref="OciLayoutRepository"/>'s.</summary>
    public Task<Stream> FetchAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Task.FromResult(OpenRead(target.Digest, target.Size));
    }

    /// <summary>Whether the blob is stored; it may be collected at any time unless leased or named (see <see cref="LeaseIfExistsAsync"/>).</summary>
    public Task<bool> ExistsAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Task.FromResult(Exists(target.Digest));
    }

    /// <summary>Reads and verifies a small blob such as a manifest or config.</summary>
    /// <exception cref="InvalidDataException">The blob is larger than <paramref name="maxBytes"/>.</exception>
    public Task<byte[]> ReadAllBytesVerifiedAsync(Digest digest, long maxBytes = 4 << 20, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(ReadAllBytesVerified(digest, maxBytes, cancellationToken));
        }
#pragma warning disable CA1031 // Not handled: every failure becomes the faulted task an async method would return.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<byte[]>(e);
        }
    }

    /// <summary><see cref="ReadAllBytesVerifiedAsync"/> for synchronous callers.</summary>
    internal byte[] ReadAllBytesVerified(Digest digest, long maxBytes = 4 << 20, CancellationToken cancellationToken = default)
    {
        var path = GetBlobPath(digest);
        byte[] bytes;
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // Small and local: read synchronously, which costs a tenth of a thread-pool round trip (kit list reads thousands).
            using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var length = RandomAccess.GetLength(file);
            if (length > maxBytes)
                throw new InvalidDataException($"{digest}: blob is {length} bytes, more than the {maxBytes} allowed for a manifest or config (store at {path})");
            bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length)
            {
                var n = RandomAccess.Read(file, bytes.AsSpan(read), read);
                if (n == 0)
                    throw new EndOfStreamException($"{digest}: blob ended after {read} of {length} bytes (store at {path})");
                read += n;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlobNotFoundException(digest, path);
        }
        var actual = Digest.Compute(bytes);
        if (actual != digest)
            throw DigestAccumulator.DigestMismatch(digest, actual, "store at " + path);
        return bytes;
    }

    /// <summary>The current index.json; a store without one has an empty index.</summary>
    /// <exception cref="InvalidDataException">index.json is not a readable image index.</exception>
    public Task<ImageIndex> ReadIndexAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(ReadIndex(cancellationToken));
        }
#pragma warning disable CA1031 // Not handled: every failure becomes the faulted task an async method would return.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<ImageIndex>(e);
        }
    }

    /// <summary>
    /// The first index entry <paramref name="confirm"/> accepts among those named <paramref name="refName"/> or holding
    /// <paramref name="digest"/>: a read of one name scans index.json instead of parsing every entry (unless this
    /// instance has the index parsed already).
    /// </summary>
    internal Descriptor? FindEntry(string? refName, Digest? digest, Func<Descriptor, bool> confirm, CancellationToken cancellationToken = default)
    {
        using var bytes = ReadIndexBuffer(cancellationToken);
        if (bytes is null)
            return null;
        if (_lastIndex is { } last && bytes.Filled.SequenceEqual(last.Bytes.Span))
            return last.Index.Manifests.FirstOrDefault(confirm);
        try
        {
            return Serialization.ImageIndexReader.FindFirst(bytes.Filled, refName is null ? [] : System.Text.Encoding.UTF8.GetBytes(refName),
                digest is { } d ? System.Text.Encoding.UTF8.GetBytes(d.ToString()) : [], confirm);
        }
        catch (FormatException e)
        {
            throw Corrupt(e);
        }
    }

    /// <summary>index.json as last read or written by this instance, and what it parsed to (an index is immutable).</summary>
    private sealed record IndexSnapshot(ReadOnlyMemory<byte> Bytes, ImageIndex Index);

    private volatile IndexSnapshot? _lastIndex;

    /// <summary><see cref="ReadIndexAsync"/> for synchronous callers.</summary>
    internal ImageIndex ReadIndex(CancellationToken cancellationToken = default)
    {
        using var read = ReadIndexBuffer(cancellationToken);
        if (read is null)
            return ImageIndex.Empty;
        // The same bytes as the last read or write of this store: the same index. A command reads the index more than once
        // (resolve, then the change under the lock, then collection), and with 10,000 names a parse costs more than
        // comparing the bytes; comparing them, not a file stamp, cannot mistake another writer's index for ours.
        if (_lastIndex is { } last && read.Filled.SequenceEqual(last.Bytes.Span))
            return last.Index;
        var bytes = read.Filled.ToArray();
        try
        {
            var index = ImageIndex.Parse(bytes);
            _lastIndex = new IndexSnapshot(bytes, index);
            return index;
        }
        catch (FormatException e)
        {
            throw Corrupt(e);
        }
    }

    /// <summary>
    /// index.json's bytes in a <see cref="HugePageBuffer"/> the caller disposes (a command reads the index two or three
    /// times, and keeps nothing of the bytes but what it parses); null when there is none yet.
    /// </summary>
    private HugePageBuffer? ReadIndexBuffer(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var file = OpenIfExists(IndexPath);
        if (file is null)
            return null;
        // Read to the end, whatever the size said: another tool may rewrite the file in place meanwhile.
        var buffer = new HugePageBuffer(checked((int)RandomAccess.GetLength(file)) + 1);
        int n;
        while ((n = RandomAccess.Read(file, buffer.Free, buffer.Length)) > 0)
        {
            buffer.Length += n;
            if (buffer.Free.IsEmpty)
                buffer.Grow();
        }
        return buffer;
    }

    private static SafeFileHandle? OpenIfExists(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private InvalidDataException Corrupt(FormatException e)
    {
        var repair = CorruptIndexRepair
            ?? (Mirror is null
                ? "restore it from a backup"
                : "move it away and run the command again: it is rebuilt from the per-repository index files beside it");
        return new InvalidDataException($"{IndexPath} is corrupt ({e.Message}); {repair}", e);
    }

    /// <summary>
    /// Read-modify-write of index.json under the exclusive inter-process lock; the new index replaces the old
    /// by atomic rename. Returning the same instance from <paramref name="change"/> writes nothing.
    /// <paramref name="change"/> runs under the lock, so it must not call back into the store (it would
    /// wait for itself until <see cref="LockTimeout"/>); store blobs first, then name them here.
    /// </summary>
    public async Task<ImageIndex> UpdateIndexAsync(Func<ImageIndex, ImageIndex> change, CancellationToken cancellationToken = default)
    {
        EnsureLayout();
        using var _ = await AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        return UpdateLocked(change, cancellationToken);
    }

    /// <summary>
    /// <see cref="UpdateIndexAsync"/> for a change that reads and edits only the entries of <paramref name="repositories"/>
    /// (ours, not foreign ones): <paramref name="change"/> sees an index of just those entries, in index order, and returns
    /// their new set. Entries it keeps (the same objects) keep their place, new ones are appended, and every other entry
    /// is copied byte for byte: in an index of 10,000 names a tag neither parses nor serializes the other 9,999.
    /// When the mirror must first fold in another tool's changes, <paramref name="change"/> is given the whole index.
    /// </summary>
    internal async Task UpdateRepositoriesAsync(IReadOnlyCollection<string> repositories, Func<ImageIndex, ImageIndex> change,
        CancellationToken cancellationToken = default)
    {
        EnsureLayout();
        using var _ = await AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        if (!TryUpdateRepositories(repositories, change, cancellationToken))
            UpdateLocked(change, cancellationToken);
    }

    /// <summary>The body of <see cref="UpdateIndexAsync"/>; the caller holds the exclusive lock.</summary>
    private ImageIndex UpdateLocked(Func<ImageIndex, ImageIndex> change, CancellationToken cancellationToken)
    {
        var current = ReadIndex(cancellationToken);
        var stale = Mirror?.IsStale() ?? false;
        var before = stale ? Mirror!.Reconcile(current) : current;
        var next = change(before);
        var changed = !ReferenceEquals(next, current);
        void WriteIndex()
        {
            if (!changed)
                return;
            var named = new HashSet<Digest>(next.Manifests.Select(e => e.Digest));
            Release(current.Manifests.Concat(before.Manifests).Select(e => e.Digest).Where(d => !named.Contains(d)));
            var bytes = next.ToJsonMemory();
            WriteFileAtomically(IndexPath, bytes);
            _lastIndex = new IndexSnapshot(bytes, next);
        }
        if (Mirror is not null && (changed || stale))
            Mirror.Publish(before, next, stale, WriteIndex);
        else
            WriteIndex();
        return next;
    }

    /// <summary>
    /// <see cref="UpdateRepositoriesAsync"/> on a splice of index.json; false, with nothing written, when it takes the
    /// whole index (no index yet, no manifests array, or a mirror that must first fold in changes or rewrite all).
    /// </summary>
    private bool TryUpdateRepositories(IReadOnlyCollection<string> repositories, Func<ImageIndex, ImageIndex> change,
        CancellationToken cancellationToken)
    {
        if (Mirror?.IsStale(repositories) == true)
            return false;
        using var bytes = ReadIndexBuffer(cancellationToken);
        if (bytes is null)
            return false;
        bool Belongs(Descriptor e) => EntryName.Of(e) is { IsForeign: false } n && repositories.Contains(n.Repository);
        Serialization.IndexSpans? spans;
        try
        {
            spans = Serialization.IndexSpans.Read(bytes.FilledMemory, repositories, Belongs);
        }
        catch (FormatException e)
        {
            throw Corrupt(e);
        }
        if (spans is null)
            return false;
        var view = new ImageIndex(spans.Selected);
        var next = change(view);
        if (ReferenceEquals(next, view))
            return true;
        if (next.Manifests.FirstOrDefault(e => !Belongs(e)) is { } stray)
            throw new InvalidOperationException($"an edit of {string.Join(", ", repositories)} returned an entry of another repository ({stray.Digest})");
        void WriteIndex()
        {
            var named = new HashSet<Digest>(next.Manifests.Select(e => e.Digest));
            Release(view.Manifests.Select(e => e.Digest).Where(d => !named.Contains(d) && !spans.HeldElsewhere(d)));
            WriteFileAtomically(IngestDirectory, IndexPath, spans.Splice(next.Manifests));
            _lastIndex = null;
        }
        if (Mirror is null)
        {
            WriteIndex();
            return true;
        }
        return Mirror.TryPublishChanges(view, next, WriteIndex);
    }

    /// <summary>
    /// Rewrites every file of the mirror from index.json under the exclusive lock (after folding in what the other tool
    /// changed), whatever the record says: <c>kit storage repair</c>.
    /// </summary>
    internal async Task RepublishMirrorAsync(CancellationToken cancellationToken = default)
    {
        if (Mirror is null)
            return;
        EnsureLayout();
        using var _ = await AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        var current = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        var next = Mirror.IsStale() ? Mirror.Reconcile(current) : current;
        Mirror.Publish(current, next, full: true, () =>
        {
            if (!ReferenceEquals(next, current))
                WriteFileAtomically(IndexPath, next.ToJsonBytes());
        }, checkContent: true);
    }

    /// <summary>Renames an unreadable index.json to <paramref name="aside"/> under the exclusive lock, unless it became readable meanwhile.</summary>
    /// <returns>Whether it was moved.</returns>
    internal async Task<bool> MoveCorruptIndexAsync(string aside, CancellationToken cancellationToken = default)
    {
        using var _ = await AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        try
        {
            await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
            return false;
        }
        catch (InvalidDataException)
        {
            File.Move(IndexPath, aside);
            return true;
        }
    }

    /// <summary>
    /// Deletes the blob file named <paramref name="digest"/> if, hashed again under the exclusive lock, its content is
    /// still not that digest (a writer may have replaced it with the right bytes meanwhile).
    /// </summary>
    internal async Task<bool> DeleteIfCorruptAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        using var _ = await AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        var path = GetBlobPath(digest);
        try
        {
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, FileOptions.SequentialScan))
            {
                var actual = Digest.FromHash(await System.Security.Cryptography.SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
                if (actual == digest)
                    return false;
            }
            if (OperatingSystem.IsWindows())
                File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// Keeps <paramref name="digests"/> from every collection until <see cref="ReleaseKept"/>, in the list
    /// <c>leases/&lt;name&gt;.kept</c> (merged with what it held): what remote unpack downloaded, for the next unpack.
    /// </summary>
    internal void Keep(string name, IEnumerable<Digest> digests)
    {
        EnsureLayout();
        var path = Path.Combine(LeasesDirectory, name + StoreLease.KeptSuffix);
        // Exclusive: two unpacks of one kit merge into the same list, and read-merge-write under a shared lock loses one's part.
        using var _ = AcquireLock(exclusive: true);
        var all = StoreLease.ReadDigests(path).Concat(digests).Distinct().Select(d => d + "\n");
        WriteFileAtomically(IngestDirectory, path, Encoding.ASCII.GetBytes(string.Concat(all)));
    }

    /// <summary>Every digest the kept lists hold.</summary>
    internal HashSet<Digest> KeptDigests()
    {
        var kept = new HashSet<Digest>();
        if (Directory.Exists(LeasesDirectory))
        {
            foreach (var path in Directory.EnumerateFiles(LeasesDirectory, "*" + StoreLease.KeptSuffix))
                kept.UnionWith(StoreLease.ReadDigests(path));
        }
        return kept;
    }

    /// <summary>Turns every kept list into a released one: the next collection deletes what nothing else uses.</summary>
    internal void ReleaseKept()
    {
        if (!Directory.Exists(LeasesDirectory))
            return;
        using var _ = AcquireLock(exclusive: false);
        // Released lists get new names: one left by an earlier release of the same kept list, not yet collected, stays.
        foreach (var path in Directory.EnumerateFiles(LeasesDirectory, "*" + StoreLease.KeptSuffix).ToList())
            File.Move(path, Path.Combine(LeasesDirectory, Guid.NewGuid().ToString("N") + StoreLease.ReleasedSuffix));
    }

    /// <summary>Starts a lease; dispose it once everything it protects is reachable from index.json.</summary>
    public StoreLease BeginLease()
    {
        EnsureLayout();
        // Shared lock so GC cannot catch the lease file between its creation and its lock.
        using var _ = AcquireLock(exclusive: false);
        return new StoreLease(LeasesDirectory, () => AcquireLock(exclusive: false));
    }

    /// <summary>
    /// Deletes blobs not reachable from index.json nor held by a live lease, and leftovers of dead
    /// processes in ingest/ and leases/. Keeps every blob when the index cannot be fully followed.
    /// </summary>
    public async Task<GarbageCollectionResult> CollectGarbageAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
            return new GarbageCollectionResult([], 0, 0, 0, []);
        EnsureLayout();
        using var _ = await AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        return await new GarbageCollector(this).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Collects only what was let go of since the last collection: manifests index.json stopped naming (with their
    /// configs and layers), blobs of ended leases and of dead processes' leases. Costs nothing when there are none;
    /// blobs nothing ever named (from other tools, or from before these records) wait for <see cref="CollectGarbageAsync(CancellationToken)"/>.
    /// </summary>
    /// <summary>A full collection with <paramref name="options"/> (a dry run, a prune).</summary>
    internal async Task<GarbageCollectionResult> CollectGarbageAsync(GarbageCollectionOptions options, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
            return new GarbageCollectionResult([], 0, 0, 0, []);
        EnsureLayout();
        using var _ = await AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        return await new GarbageCollector(this, full: true, options).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    internal async Task<GarbageCollectionResult> CollectReleasedAsync(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(Root))
            return new GarbageCollectionResult([], 0, 0, 0, []);
        EnsureLayout();
        using var _ = await AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        return await new GarbageCollector(this, full: false).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Under the exclusive lock, before index.json changes: the manifests it stops naming become candidates of the next
    /// collection, so a command killed between the two still has them collected.
    /// </summary>
    private void Release(IEnumerable<Digest> dropped)
    {
        var text = string.Concat(dropped.Distinct().Select(d => d + "\n"));
        if (text.Length == 0)
            return;
        WriteFileAtomically(IngestDirectory, Path.Combine(LeasesDirectory, Guid.NewGuid().ToString("N") + StoreLease.ReleasedSuffix),
            Encoding.ASCII.GetBytes(text));
    }

    internal Task<FileStream> AcquireLockAsync(bool exclusive, CancellationToken cancellationToken) =>
        FileLocking.AcquireAsync(LockPath, exclusive, LockTimeout, cancellationToken);

    private FileStream AcquireLock(bool exclusive) => FileLocking.Acquire(LockPath, exclusive, LockTimeout);

    /// <summary>Called by a committing <see cref="BlobWriter"/> whose temp file is complete, synced and verified.</summary>
    /// <returns>False when the blob was already stored (the temporary file is then dropped).</returns>
    internal async Task<bool> PublishAsync(string tempPath, Action closeTemp, Digest digest, StoreLease? lease, CancellationToken cancellationToken)
    {
        using var _ = await AcquireLockAsync(exclusive: false, cancellationToken).ConfigureAwait(false);
        // Into the lease before the blob has its name, so GC can never see the name without the lease entry.
        lease?.Record(digest);
        var destination = GetBlobPath(digest);
        closeTemp();
        if (File.Exists(destination))
        {
            File.Delete(tempPath);
            return false;
        }
        // rename(2): atomic; a concurrent writer of the same digest renaming over us wrote identical bytes.
        File.Move(tempPath, destination, overwrite: true);
        if (SyncBlobs)
            DirectorySync.Sync(BlobsDirectory);
        return true;
    }

    internal void EnsureLayout()
    {
        Directory.CreateDirectory(BlobsDirectory);
        Directory.CreateDirectory(IngestDirectory);
        Directory.CreateDirectory(LeasesDirectory);
        var layoutFile = Path.Combine(Root, "oci-layout");
        if (!File.Exists(layoutFile))
            WriteFileAtomically(layoutFile, Encoding.UTF8.GetBytes(LayoutFileContent));
    }

    private void WriteFileAtomically(string path, ReadOnlyMemory<byte> content) => WriteFileAtomically(IngestDirectory, path, content);

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="content"/>: written to a temporary file in
    /// <paramref name="tempDirectory"/> (same file system), fsynced, renamed over it, and the directory fsynced.
    /// </summary>
    internal static void WriteFileAtomically(string tempDirectory, string path, ReadOnlyMemory<byte> content) =>
        WriteFileAtomically(tempDirectory, path, [content]);

    /// <summary><see cref="WriteFileAtomically(string, string, ReadOnlyMemory{byte})"/> of content in pieces, written with one vectored write.</summary>
    internal static void WriteFileAtomically(string tempDirectory, string path, IReadOnlyList<ReadOnlyMemory<byte>> content)
    {
        var temp = Path.Combine(tempDirectory, "meta-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                FileWrites.Write(handle, content, 0);
                RandomAccess.FlushToDisk(handle);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        DirectorySync.Sync(Path.GetDirectoryName(path)!);
    }
}
