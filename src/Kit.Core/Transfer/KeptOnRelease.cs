using Kit.Oci.Layout;

namespace Kit.Core.Transfer;

/// <summary>
/// A lease that, when it ends, leaves what it protected in a kept list of the store: remote unpack's downloads stay for
/// the next unpack, counted by <c>kit cache info</c> and freed by <c>kit cache clear</c>, instead of going at the next
/// collection. The list is written before the lease ends, so no collection runs between the two unprotected.
/// </summary>
internal sealed class KeptOnRelease(OciLayoutStore store, string name, StoreLease lease) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            store.Keep(name, lease.Digests);
        }
        catch (IOException)
        {
            // Not kept: the next unpack downloads again; the lease still ends.
        }
        await lease.DisposeAsync().ConfigureAwait(false);
    }
}
