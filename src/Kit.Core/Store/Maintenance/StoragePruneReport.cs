namespace Kit.Core.Store.Maintenance;

/// <summary>The result of <c>kit storage prune</c>.</summary>
/// <param name="DryRun">Nothing was deleted; the lists say what would be.</param>
/// <param name="ModelKits">Untagged ModelKits removed.</param>
/// <param name="Blobs">Blobs no ModelKit, lease or remote-unpack list uses, deleted.</param>
/// <param name="Files">Temporary files, leases of dead processes and stale pack records, deleted.</param>
internal sealed record StoragePruneReport(bool DryRun, IReadOnlyList<StorageAction> ModelKits, IReadOnlyList<StorageAction> Blobs,
    IReadOnlyList<StorageAction> Files)
{
    /// <summary>Bytes freed (or that would be).</summary>
    public long Bytes => Blobs.Sum(b => b.Bytes) + Files.Sum(f => f.Bytes);
}
