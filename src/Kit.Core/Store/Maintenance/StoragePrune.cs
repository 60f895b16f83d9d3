using Kit.Core.Packing;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.Maintenance;

/// <summary>
/// <c>kit storage prune</c>: removes untagged ModelKits (as <c>kit remove --all</c>), then every blob nothing uses
/// (a full collection: index.json, KitOps's files, live leases and remote unpack's lists keep theirs), temporary
/// files and partial downloads nobody holds, leases of dead processes, and pack records whose layer is gone. What
/// remote unpack keeps is <c>kit cache clear</c>'s. A dry run decides the same on the store as it is and deletes nothing.
/// </summary>
internal sealed class StoragePrune(LocalModelStore store)
{
    // A pack writes its record through a temporary file it renames at once; one older than this was left by a killed pack.
    private static readonly TimeSpan StaleRecordTemp = TimeSpan.FromMinutes(10);

    private OciLayoutStore Layout => store.Layout;

    public async Task<StoragePruneReport> PruneAsync(bool dryRun, CancellationToken ct = default)
    {
        IReadOnlyList<StoredManifest> untagged;
        ImageIndex? remaining = null;
        if (dryRun)
        {
            var index = await Layout.ReadIndexAsync(ct).ConfigureAwait(false);
            remaining = IndexEdits.RemoveAll(index, force: false, out untagged);
        }
        else
        {
            untagged = await store.RemoveAllAsync(force: false, ct).ConfigureAwait(false);
        }
        var kits = untagged.Select(k => new StorageAction(StorageMaintenance.Display(k), dryRun ? "untagged; would be removed" : "untagged; removed")).ToList();

        var collected = await Layout.CollectGarbageAsync(new GarbageCollectionOptions { DryRun = dryRun, Prune = true, Index = remaining }, ct)
            .ConfigureAwait(false);
        var blobs = collected.DeletedBlobs
            .Select(d => new StorageAction(Layout.GetBlobPath(d), dryRun ? "used by nothing; would be deleted" : "used by nothing; deleted", collected.DeletedBlobSizes.GetValueOrDefault(d)))
            .ToList();
        var files = collected.DeletedFiles
            .Select(f => new StorageAction(f.Path, (dryRun ? "left by a process that no longer runs; would be deleted" : "left by a process that no longer runs; deleted"), f.Bytes))
            .ToList();
        var gone = collected.DeletedBlobs.ToHashSet();
        files.AddRange(StalePackRecords(gone, dryRun));
        return new StoragePruneReport(dryRun, kits, blobs, files);
    }

    private IEnumerable<StorageAction> StalePackRecords(HashSet<Digest> collected, bool dryRun)
    {
        var directory = new DirectoryInfo(Path.Combine(Layout.Root, LayerRecords.DirectoryName));
        if (!directory.Exists)
            yield break;
        foreach (var file in directory.EnumerateFiles())
        {
            string? why;
            if (file.Name.EndsWith(".tmp", StringComparison.Ordinal))
                why = DateTime.UtcNow - file.LastWriteTimeUtc > StaleRecordTemp ? "temporary file of a pack that no longer runs" : null;
            else if (LayerRecords.ReadLayer(file.FullName) is not { } layer)
                why = "unreadable pack record";
            else
                why = collected.Contains(layer) || !Layout.Exists(layer) ? "pack record of a layer no longer stored" : null;
            if (why is null)
                continue;
            var size = file.Length;
            if (!dryRun)
            {
                try
                {
                    file.Delete();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
            }
            yield return new StorageAction(file.FullName, why + (dryRun ? "; would be deleted" : "; deleted"), size);
        }
    }
}
