namespace Kit.Oci.Layout;

/// <summary>Another process held the store lock longer than we were willing to wait.</summary>
public sealed class StoreLockTimeoutException : IOException
{
    public StoreLockTimeoutException(string lockPath, TimeSpan waited, Exception? last)
        : base($"timed out after {waited.TotalSeconds:0.#}s waiting for the store lock {lockPath}: another kit process is using the store (or is stuck); retry when it has finished", last)
    {
        LockPath = lockPath;
    }

    public string LockPath { get; }
}
