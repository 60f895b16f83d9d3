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

    /// <summary>Polls with a short backoff until the lock is ours or <paramref name="timeout"/> passes.</summary>
    public static async Task<FileStream> AcquireAsync(string path, bool exclusive, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = Environment.TickCount64;
        var delay = 2;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var held = exclusive ? TryExclusive(path) : TryShared(path);
            if (held is not null)
                return held;
            var waited = TimeSpan.FromMilliseconds(Environment.TickCount64 - start);
            if (waited >= timeout)
                throw new StoreLockTimeoutException(path, waited, null);
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = Math.Min(delay * 2, 50);
        }
    }
}
