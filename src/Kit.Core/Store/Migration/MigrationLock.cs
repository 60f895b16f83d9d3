namespace Kit.Core.Store.Migration;

/// <summary>
/// Held for a whole migration, from the second detection to the deletion of KitOps's files. The index lock
/// alone is not enough: those files are deleted after the index is saved, and a process that saw them in
/// between would add again what a concurrent <c>kit remove</c> had just removed.
/// </summary>
internal static class MigrationLock
{
    public const string FileName = "migrate.lock";

    public static async Task<FileStream> AcquireAsync(string storageRoot, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var path = Path.Combine(storageRoot, FileName);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                // FileShare.None is flock(LOCK_EX) on Unix, which the kernel drops if we die.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline && File.Exists(path))
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
