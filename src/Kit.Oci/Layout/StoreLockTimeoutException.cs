namespace Kit.Oci.Layout;

/// <summary>Another process held the store lock longer than we were willing to wait.</summary>
public sealed class StoreLockTimeoutException : IOException
{
    /// <summary>The store lock at <paramref name="lockPath"/> stayed held for <paramref name="waited"/>.</summary>
    /// <param name="lockPath">The lock file.</param>
    /// <param name="waited">How long we waited.</param>
    /// <param name="last">The last failure to take the lock.</param>
    public StoreLockTimeoutException(string lockPath, TimeSpan waited, Exception? last)
        : base($"timed out after {waited.TotalSeconds:0.#}s waiting for the store lock {lockPath}: another kit process is using the store (or is stuck); retry when it has finished", last)
    {
        LockPath = lockPath;
    }

    /// <summary>The lock file another process holds; delete it only if no kit process is running.</summary>
    public string LockPath { get; }
}
