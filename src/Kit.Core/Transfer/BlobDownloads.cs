using Kit.Oci;
using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Core.Transfer;

/// <summary>
/// Brings blobs of a remote repository into the local store, each at most once: a blob the store has (from any
/// repository) is only leased; concurrent requests for one blob in this process share one download
/// (<see cref="SingleFlight{TKey,TResult}"/>), and across processes they meet on the locked partial file, where
/// the later one waits and then finds the blob committed. Downloads resume from <c>ingest/&lt;hex&gt;.partial</c>.
/// </summary>
internal static class BlobDownloads
{
    // Process-wide: two pullers of one store in one process must not fetch the same blob twice.
    private static readonly SingleFlight<(string Root, Digest Digest), BlobTransferOutcome> Flights = new();

    public static async Task<BlobTransferOutcome> EnsureAsync(OciLayoutStore layout, RemoteRepository remote, Descriptor blob, StoreLease lease,
        ITransferObserver observer, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await layout.LeaseIfExistsAsync(lease, blob.Digest, cancellationToken).ConfigureAwait(false))
                return BlobTransferOutcome.Skipped;
            var outcome = await Flights.RunAsync((layout.Root, blob.Digest),
                ct => DownloadAsync(layout, remote, blob, observer, ct), cancellationToken).ConfigureAwait(false);
            // The flight's own lease has ended; ours must hold the blob now (if GC struck in between, go again).
            if (await layout.LeaseIfExistsAsync(lease, blob.Digest, cancellationToken).ConfigureAwait(false))
                return outcome;
        }
    }

    // The flight has a lease of its own: it may outlive the caller that started it (cancelled while others wait).
    private static async Task<BlobTransferOutcome> DownloadAsync(OciLayoutStore layout, RemoteRepository remote, Descriptor blob,
        ITransferObserver observer, CancellationToken cancellationToken)
    {
        using var lease = layout.BeginLease();
        var progress = new BlobProgress(observer, blob);
        for (var fresh = false; ; fresh = true)
        {
            var writer = await layout.BeginResumableWriteAsync(blob.Digest, blob.Size, lease, cancellationToken).ConfigureAwait(false);
            if (writer is null)
                return BlobTransferOutcome.Skipped; // another process committed it while we waited for its partial file
            await using (writer.ConfigureAwait(false))
            {
                var resumed = writer.ExistingLength > 0;
                try
                {
                    await remote.DownloadBlobAsync(blob, writer, progress, cancellationToken).ConfigureAwait(false);
                    return resumed ? BlobTransferOutcome.Resumed : BlobTransferOutcome.Downloaded;
                }
                catch (ContentIntegrityException) when (resumed && !fresh)
                {
                    // The kept prefix may be what was wrong (e.g. torn by a crash); the writer deleted it: once more from byte 0.
                }
            }
        }
    }
}
