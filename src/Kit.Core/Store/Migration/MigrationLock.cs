using Kit.Oci.Layout;

namespace Kit.Core.Store.Migration;

/// <summary>
/// Held for a whole migration, from the second detection to the deletion of KitOps's files. The index lock
/// alone is not enough: those files are deleted after the index is saved, and a process that saw them in
/// between would add again what a concurrent <c>kit remove</c> had just removed.
/// </summary>
internal static class MigrationLock
{
    public const string FileName = "migrate.lock";

    public static Task<FileStream> AcquireAsync(string storageRoot, TimeSpan timeout, CancellationToken cancellationToken) =>
        FileLocking.AcquireAsync(Path.Combine(storageRoot, FileName), exclusive: true, timeout, cancellationToken);
}
