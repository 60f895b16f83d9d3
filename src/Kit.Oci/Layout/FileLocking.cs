namespace Kit.Oci.Layout;

/// <summary>
/// Advisory locks through FileStream: on Unix .NET takes flock(LOCK_EX|LOCK_NB) for FileShare.None and
/// flock(LOCK_SH|LOCK_NB) for read-only opens with sharing, failing with IOException when held elsewhere.
/// flock locks belong to the open file description, so two handles in one process also exclude each other,
/// and the kernel drops them when the owning process dies. On Windows the share modes themselves exclude.
/// </summary>
internal static class FileLocking
{
    /// <summary>
    /// .NET skips flock entirely when this switch is set (https://learn.microsoft.com/dotnet/core/compatibility/core-libraries/6.0/filestream-file-locks-unix);
    /// callers then fall back to age-based staleness.
    /// </summary>
    public static bool Enabled { get; } = !(
        AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var off) && off
        || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true");

    /// <summary>Opens (creating) <paramref name="path"/> holding an exclusive lock, or returns null if someone holds it.</summary>
    public static FileStream? TryExclusive(string path, FileMode mode = FileMode.OpenOrCreate)
    {
        try
        {
            return new FileStream(path, mode, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>
    /// True when nobody holds <paramref name="path"/> locked. Opens read-only: .NET takes LOCK_EX for
    /// FileShare.None whatever the access, and read access works on the read-only files commit leaves.
    /// </summary>
    public static bool IsUnlocked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1, FileOptions.None);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            // Gone already, or not ours to judge.
            return false;
        }
    }

    /// <summary>A shared lock; read-only access so .NET locks regardless of the file system type.</summary>
    public static FileStream? TryShared(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                // Read-only opens cannot create the file; an exclusive create-and-close can.
                TryExclusive(path)?.Dispose();
            }
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>
    /// Whether opening failed because another handle holds the file's lock: EWOULDBLOCK from flock on Unix (.NET reports
    /// the errno as the HResult), a sharing or lock violation on Windows.
    /// </summary>
    public static bool IsHeldElsewhere(IOException e) => e.HResult is 11 or 32 or 33 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    /// <summary>Polls with a short backoff until the lock is ours or <paramref name="timeout"/> passes.</summary>
    public static Task<FileStream> AcquireAsync(string path, bool exclusive, TimeSpan timeout, CancellationToken cancellationToken) =>
        PollAsync(path, _ => ValueTask.FromResult(exclusive ? TryExclusive(path) : TryShared(path)), timeout, cancellationToken);

    /// <summary>
    /// <see cref="AcquireAsync"/> for synchronous callers (a store operation that only creates a file under the lock):
    /// the same polling, sleeping between tries instead of blocking on a task.
    /// </summary>
    public static FileStream Acquire(string path, bool exclusive, TimeSpan timeout)
    {
        var backoff = new Backoff(path, timeout);
        while (true)
        {
            var held = exclusive ? TryExclusive(path) : TryShared(path);
            if (held is not null)
                return held;
            Thread.Sleep(backoff.Next());
        }
    }

    /// <summary>
    /// Calls <paramref name="tryOpen"/> (which returns null while someone else holds the file) with a short backoff until
    /// it succeeds, throwing <see cref="StoreLockTimeoutException"/> once <paramref name="timeout"/> has passed
    /// (<see cref="Timeout.InfiniteTimeSpan"/>: wait until cancelled).
    /// </summary>
    public static async Task<T> PollAsync<T>(string path, Func<CancellationToken, ValueTask<T?>> tryOpen, TimeSpan timeout,
        CancellationToken cancellationToken)
        where T : class
    {
        var backoff = new Backoff(path, timeout);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await tryOpen(cancellationToken).ConfigureAwait(false) is { } held)
                return held;
            await Task.Delay(backoff.Next(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Doubling delays from 2 ms up to 50 ms; throws once the timeout has passed.</summary>
    private struct Backoff(string path, TimeSpan timeout)
    {
        private readonly long _start = Environment.TickCount64;
        private int _delay = 2;

        public int Next()
        {
            var waited = TimeSpan.FromMilliseconds(Environment.TickCount64 - _start);
            if (timeout != Timeout.InfiniteTimeSpan && waited >= timeout)
                throw new StoreLockTimeoutException(path, waited, null);
            var delay = _delay;
            _delay = Math.Min(_delay * 2, 50);
            return delay;
        }
    }
}
