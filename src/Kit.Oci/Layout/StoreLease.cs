using System.Text;

namespace Kit.Oci.Layout;

/// <summary>
/// Keeps blobs that a running pack or pull has committed, but not yet indexed, safe from garbage collection.
/// Two files per lease: <c>leases/&lt;id&gt;.lock</c>, held exclusively for the lease's life (the kernel drops
/// the lock if the process dies, which is how GC tells live leases from stale ones), and
/// <c>leases/&lt;id&gt;.digests</c>, one digest a line, readable by GC while the lease is live. Ending the lease renames
/// the list to <c>leases/&lt;id&gt;.released</c>: what it protected becomes a candidate of the next collection, which
/// checks only candidates (a failed pack's blobs go then; named ones stay).
/// </summary>
public sealed class StoreLease : IDisposable, IAsyncDisposable
{
    internal const string LockSuffix = ".lock";
    internal const string DigestsSuffix = ".digests";
    internal const string ReleasedSuffix = ".released";

    /// <summary>A list of blobs kept until someone deletes the list (remote unpack's downloads): GC marks them.</summary>
    internal const string KeptSuffix = ".kept";

    private readonly object _gate = new();
    private readonly HashSet<Digest> _digests = [];
    private readonly FileStream _lock;
    private readonly FileStream _list;
    private readonly string _lockPath;
    private readonly string _listPath;
    private readonly Func<IDisposable>? _sharedLock;
    private bool _disposed;

    /// <param name="leasesDirectory">The store's <c>leases/</c>.</param>
    /// <param name="sharedLock">Takes the store lock shared, so a collection never sees the list half released.</param>
    internal StoreLease(string leasesDirectory, Func<IDisposable>? sharedLock = null)
    {
        _sharedLock = sharedLock;
        Id = Guid.NewGuid().ToString("N");
        _lockPath = Path.Combine(leasesDirectory, Id + LockSuffix);
        _listPath = Path.Combine(leasesDirectory, Id + DigestsSuffix);
        // The lock file first: GC deletes a digests file only when it has no lock file beside it.
        _lock = FileLocking.TryExclusive(_lockPath, FileMode.CreateNew)
            ?? throw new IOException($"cannot lock new lease file {_lockPath}");
        _list = new FileStream(_listPath, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 1);
    }

    /// <summary>Unique name of this lease's files under <c>leases/</c>.</summary>
    public string Id { get; }

    /// <summary>A snapshot of the digests recorded so far.</summary>
    public IReadOnlyCollection<Digest> Digests
    {
        get { lock (_gate) return [.. _digests]; }
    }

    /// <summary>Records <paramref name="digest"/> durably enough for GC in other processes to see it.</summary>
    internal void Record(Digest digest)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_digests.Add(digest))
                return;
            _list.Write(Encoding.ASCII.GetBytes(digest + "\n"));
            // Page cache is enough: a reader on this machine sees it, and after a crash the lease is stale anyway.
            _list.Flush();
        }
    }

    /// <summary>Ends the lease, releasing its blobs to the next GC unless the index names them. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        _list.Dispose();
        bool any;
        lock (_gate) any = _digests.Count > 0;
        try
        {
            using var held = any ? _sharedLock?.Invoke() : null;
            if (any)
                File.Move(_listPath, _listPath[..^DigestsSuffix.Length] + ReleasedSuffix, overwrite: true);
            else
                TryDelete(_listPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The list stays; GC treats a list without its lock file as released.
        }
        TryDelete(_lockPath);
        _lock.Dispose();
    }

    /// <summary>Same as <see cref="Dispose"/>; completes synchronously.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* GC removes leftovers of dead leases */ }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Reads a lease's digests; a torn last line (written concurrently) is ignored.</summary>
    internal static IEnumerable<Digest> ReadDigests(string listPath)
    {
        string text;
        try
        {
            using var s = new FileStream(listPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            using var r = new StreamReader(s, Encoding.ASCII);
            text = r.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            yield break;
        }
        foreach (var line in text.Split('\n'))
        {
            if (Digest.TryParse(line.Trim(), out var d))
                yield return d;
        }
    }
}
