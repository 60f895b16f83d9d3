using System.Globalization;
using Kit.Core.Store.KitOps;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.Maintenance;

/// <summary>
/// <c>kit storage repair</c>: fixes what can be fixed without losing data. An unreadable index.json is moved aside and
/// rebuilt from KitOps's per-repository files; a blob whose content does not match its name is deleted; index.json
/// entries whose manifest is gone are dropped; KitOps's files that disagree with index.json are rewritten. Every
/// change is decided under the store lock on the store as it is then; a dry run only reports.
/// </summary>
internal sealed class StorageRepair(LocalModelStore store)
{
    private OciLayoutStore Layout => store.Layout;

    /// <param name="dryRun">Report what would be done, change nothing.</param>
    /// <param name="progress">Receives (bytes hashed, bytes to hash) while blobs are re-hashed.</param>
    /// <param name="ct">Stops repairing between steps.</param>
    public async Task<StorageRepairReport> RepairAsync(bool dryRun, IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        var actions = new List<StorageAction>();
        var unrepaired = new List<StorageProblem>();
        var indexReadable = await RepairIndexAsync(dryRun, actions, ct).ConfigureAwait(false);
        var corrupt = await DeleteCorruptBlobsAsync(dryRun, actions, progress, ct).ConfigureAwait(false);
        if (!indexReadable)
            return new StorageRepairReport(dryRun, actions, unrepaired);

        var index = await DropEntriesWithoutManifestAsync(dryRun, corrupt, actions, ct).ConfigureAwait(false);
        if (!dryRun)
        {
            var collected = await store.CollectGarbageAsync(ct).ConfigureAwait(false);
            foreach (var digest in collected.DeletedBlobs)
                actions.Add(new StorageAction(Layout.GetBlobPath(digest), "deleted: no ModelKit uses it any more"));
        }
        await FindMissingBlobsAsync(index, corrupt, unrepaired, ct).ConfigureAwait(false);
        await RewriteKitOpsFilesAsync(dryRun, index, actions, ct).ConfigureAwait(false);
        return new StorageRepairReport(dryRun, actions, unrepaired);
    }

    /// <returns>Whether index.json is (now, or after the repair a dry run describes) readable.</returns>
    private async Task<bool> RepairIndexAsync(bool dryRun, List<StorageAction> actions, CancellationToken ct)
    {
        try
        {
            await Layout.ReadIndexAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (InvalidDataException e)
        {
            var why = e.InnerException?.Message ?? e.Message;
            var aside = Layout.IndexPath + ".corrupt-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            if (dryRun)
            {
                actions.Add(new StorageAction(Layout.IndexPath, $"unreadable ({why}); would be moved to {aside} and rebuilt from KitOps's per-repository files"));
                return false;
            }
            if (await Layout.MoveCorruptIndexAsync(aside, ct).ConfigureAwait(false))
            {
                // With index.json gone the mirror is stale: this reads every per-repository file back.
                await Layout.UpdateIndexAsync(i => i, ct).ConfigureAwait(false);
                actions.Add(new StorageAction(Layout.IndexPath, $"was unreadable ({why}); moved to {aside} and rebuilt from KitOps's per-repository files"));
            }
            return true;
        }
    }

    private async Task<HashSet<Digest>> DeleteCorruptBlobsAsync(bool dryRun, List<StorageAction> actions, IProgress<(long, long)>? progress,
        CancellationToken ct)
    {
        var corrupt = new HashSet<Digest>();
        var blobs = StorageMaintenance.BlobFiles(Layout).ToList();
        var total = blobs.Sum(b => b.Size);
        long done = 0;
        progress?.Report((0, total));
        foreach (var (digest, size) in blobs)
        {
            var path = Layout.GetBlobPath(digest);
            var actual = await StorageMaintenance.HashAsync(path, ct).ConfigureAwait(false);
            done += size;
            progress?.Report((done, total));
            if (actual is null || actual == digest.Hex)
                continue;
            if (dryRun)
            {
                corrupt.Add(digest);
                actions.Add(new StorageAction(path, $"content does not match its name (it hashes to sha256:{actual}); would be deleted", size));
            }
            else if (await Layout.DeleteIfCorruptAsync(digest, ct).ConfigureAwait(false))
            {
                corrupt.Add(digest);
                actions.Add(new StorageAction(path, $"deleted: its content did not match its name (it hashed to sha256:{actual})", size));
            }
        }
        return corrupt;
    }

    /// <returns>The index as it is after the drop (or would be, in a dry run).</returns>
    private async Task<ImageIndex> DropEntriesWithoutManifestAsync(bool dryRun, HashSet<Digest> corrupt, List<StorageAction> actions, CancellationToken ct)
    {
        List<Descriptor> dropped = [];
        ImageIndex Drop(ImageIndex index)
        {
            dropped = [.. index.Manifests.Where(e => corrupt.Contains(e.Digest) || !Layout.Exists(e.Digest))];
            return dropped.Count == 0 ? index : index with { Manifests = [.. index.Manifests.Where(e => !dropped.Contains(e))] };
        }
        var after = dryRun
            ? Drop(await Layout.ReadIndexAsync(ct).ConfigureAwait(false))
            : await Layout.UpdateIndexAsync(Drop, ct).ConfigureAwait(false);
        foreach (var entry in dropped)
        {
            actions.Add(new StorageAction(EntryDisplay(entry),
                (dryRun ? "would be dropped from index.json" : "dropped from index.json") + $": its manifest {entry.Digest} is missing"));
        }
        return after;
    }

    private async Task FindMissingBlobsAsync(ImageIndex index, HashSet<Digest> corrupt, List<StorageProblem> unrepaired, CancellationToken ct)
    {
        foreach (var stored in IndexEdits.List(index).Where(s => s.Repository.Length > 0 && s.Descriptor.MediaType == MediaTypes.ImageManifest))
        {
            var name = StorageMaintenance.Display(stored);
            Manifest manifest;
            try
            {
                manifest = Manifest.Parse(await Layout.ReadAllBytesVerifiedAsync(stored.Descriptor.Digest, cancellationToken: ct).ConfigureAwait(false));
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                continue; // dropped above, or removed meanwhile
            }
            foreach (var blob in manifest.Layers.Prepend(manifest.Config).Where(b => corrupt.Contains(b.Digest) || !Layout.Exists(b.Digest)))
            {
                unrepaired.Add(new StorageProblem(Layout.GetBlobPath(blob.Digest), $"blob of {name} is missing",
                    $"pull or pack {name} again, or remove it (kit remove {name})"));
            }
        }
    }

    private async Task RewriteKitOpsFilesAsync(bool dryRun, ImageIndex index, List<StorageAction> actions, CancellationToken ct)
    {
        var differing = new List<string>();
        foreach (var (file, content) in KitOpsIndexMirror.Render(index))
        {
            var path = Path.Combine(Layout.Root, file);
            if (!File.Exists(path) || !(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false)).AsSpan().SequenceEqual(content))
                differing.Add(path);
        }
        if (differing.Count == 0)
            return;
        if (!dryRun)
            await Layout.RepublishMirrorAsync(ct).ConfigureAwait(false);
        foreach (var path in differing)
            actions.Add(new StorageAction(path, dryRun ? "disagrees with index.json; would be rewritten" : "rewritten from index.json"));
    }

    private static string EntryDisplay(Descriptor entry)
    {
        var name = EntryName.Of(entry);
        if (name.IsForeign)
            return name.Tag ?? entry.Digest.ToString();
        var repository = References.ModelReference.FormatRepositoryForDisplay(name.Repository);
        return name.Tag is null ? $"{repository}@{entry.Digest}" : $"{repository}:{name.Tag}";
    }
}
