using System.Security.Cryptography;
using Kit.Core.Store.KitOps;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.Maintenance;

/// <summary><c>kit storage info</c> and <c>kit storage verify</c>: what the local store holds, and whether it is sound.</summary>
internal sealed class StorageMaintenance(LocalModelStore store)
{
    private OciLayoutStore Layout => store.Layout;

    public async Task<StorageInfo> InfoAsync(CancellationToken ct = default)
    {
        var kits = await ReadKitsAsync(ct).ConfigureAwait(false);
        var named = new Dictionary<Digest, long>();
        long withoutSharing = 0;
        foreach (var repository in kits.GroupBy(k => k.Stored.Repository, StringComparer.Ordinal))
        {
            var inRepository = new Dictionary<Digest, long>();
            foreach (var (_, blobs, _) in repository)
            {
                foreach (var blob in blobs ?? [])
                    inRepository[blob.Digest] = named[blob.Digest] = blob.Size;
            }
            withoutSharing += inRepository.Values.Sum();
        }
        var (blobCount, onDisk, unnamedCount, unnamedBytes, keptCount, keptBytes) = (0, 0L, 0, 0L, 0, 0L);
        var kept = Layout.KeptDigests();
        foreach (var (digest, size) in BlobFiles())
        {
            blobCount++;
            onDisk += size;
            if (named.ContainsKey(digest))
                continue;
            if (kept.Contains(digest))
            {
                keptCount++;
                keptBytes += size;
            }
            else
            {
                unnamedCount++;
                unnamedBytes += size;
            }
        }
        var ingest = new DirectoryInfo(Path.Combine(Layout.Root, "ingest"));
        var ingestFiles = ingest.Exists ? ingest.GetFiles() : [];
        return new StorageInfo(kits.Count, kits.Sum(k => k.Stored.Tags.Count), kits.Select(k => k.Stored.Repository).Distinct(StringComparer.Ordinal).Count(),
            blobCount, onDisk, withoutSharing, named.Values.Sum(), unnamedCount, unnamedBytes, ingestFiles.Length, ingestFiles.Sum(f => f.Length),
            keptCount, keptBytes);
    }

    /// <summary>
    /// What remote unpack keeps in the store for the next unpack and no ModelKit uses: what <c>kit cache info</c> adds to
    /// the cache directory, and <see cref="ClearRemoteUnpackAsync"/> frees.
    /// </summary>
    public async Task<(int Blobs, long Bytes)> RemoteUnpackAsync(CancellationToken ct = default)
    {
        var kept = Layout.KeptDigests();
        if (kept.Count == 0)
            return (0, 0);
        var named = new HashSet<Digest>();
        foreach (var (_, blobs, _) in await ReadKitsAsync(ct).ConfigureAwait(false))
            named.UnionWith(blobs?.Select(b => b.Digest) ?? []);
        var (count, bytes) = (0, 0L);
        foreach (var digest in kept.Where(d => !named.Contains(d)))
        {
            if (Layout.TryGetSize(digest, out var size))
                (count, bytes) = (count + 1, bytes + size);
        }
        return (count, bytes);
    }

    /// <summary><c>kit cache clear</c>'s part in the store: remote unpack's kept blobs go, unless a ModelKit uses them.</summary>
    public async Task ClearRemoteUnpackAsync(CancellationToken ct = default)
    {
        Layout.ReleaseKept();
        await store.CollectGarbageAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-hashes every blob, checks that every ModelKit's manifest, config and layers are there, and that KitOps's
    /// per-repository files say what index.json says.
    /// </summary>
    /// <param name="progress">Receives (bytes hashed so far, bytes to hash): first (0, total), then after each blob.</param>
    /// <param name="ct">Stops verifying.</param>
    public async Task<StorageVerification> VerifyAsync(IProgress<(long Done, long Total)>? progress = null, CancellationToken ct = default)
    {
        var problems = new List<StorageProblem>();
        var (count, bytes) = (0, 0L);
        var files = BlobFiles().ToList();
        var total = files.Sum(b => b.Size);
        progress?.Report((0, total));
        foreach (var (digest, size) in files)
        {
            var path = Layout.GetBlobPath(digest);
            var actual = await HashAsync(path, ct).ConfigureAwait(false);
            if (actual is not null && actual != digest.Hex)
                problems.Add(new StorageProblem(path, $"content does not match its name (it hashes to sha256:{actual})",
                    "run kit storage repair (it deletes the file); the ModelKits using it then need kit pull or kit pack again"));
            count++;
            bytes += size;
            progress?.Report((bytes, total));
        }

        List<Kit> kits;
        try
        {
            kits = await ReadKitsAsync(ct).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            problems.Add(new StorageProblem(Path.Combine(Layout.Root, "index.json"), e.InnerException?.Message ?? e.Message,
                "run kit storage repair (it moves the file away and rebuilds it from KitOps's per-repository files)"));
            return new StorageVerification(count, bytes, 0, problems);
        }
        foreach (var (stored, blobs, error) in kits)
        {
            var name = Display(stored);
            if (error is not null)
            {
                problems.Add(new StorageProblem(Layout.GetBlobPath(stored.Descriptor.Digest), $"manifest of {name} cannot be read ({error})",
                    $"run kit storage repair (it drops the entry and deletes a corrupt file), then pack or pull {name} again"));
                continue;
            }
            foreach (var blob in blobs!.Skip(1).Where(b => !Layout.Exists(b.Digest)))
                problems.Add(new StorageProblem(Layout.GetBlobPath(blob.Digest), $"blob of {name} is missing",
                    $"remove it (kit remove {name}) and pack or pull it again"));
        }

        var index = await Layout.ReadIndexAsync(ct).ConfigureAwait(false);
        foreach (var (file, content) in KitOpsIndexMirror.Render(index))
        {
            var path = Path.Combine(Layout.Root, file);
            if (!File.Exists(path) || !(await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false)).AsSpan().SequenceEqual(content))
                problems.Add(new StorageProblem(path, "KitOps's file does not say what index.json says",
                    "run kit storage repair to rewrite it"));
        }
        return new StorageVerification(count, bytes, kits.Count, problems);
    }

    private sealed record Kit(StoredManifest Stored, List<Descriptor>? Blobs, string? Error);

    /// <summary>Every ModelKit manifest of a repository, with its blobs (manifest first); unreadable ones carry the error instead.</summary>
    private async Task<List<Kit>> ReadKitsAsync(CancellationToken ct)
    {
        var kits = new List<Kit>();
        foreach (var stored in await store.ListAsync(ct).ConfigureAwait(false))
        {
            if (stored.Repository.Length == 0 || stored.Descriptor.MediaType != MediaTypes.ImageManifest)
                continue;
            try
            {
                var manifest = Manifest.Parse(await Layout.ReadAllBytesVerifiedAsync(stored.Descriptor.Digest, cancellationToken: ct).ConfigureAwait(false));
                kits.Add(new Kit(stored, [stored.Descriptor, manifest.Config, .. manifest.Layers], null));
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                kits.Add(new Kit(stored, null, e.Message));
            }
        }
        return kits;
    }

    private IEnumerable<(Digest Digest, long Size)> BlobFiles() => BlobFiles(Layout);

    /// <summary>Every file in <c>blobs/sha256</c> named by a digest, with its size.</summary>
    internal static IEnumerable<(Digest Digest, long Size)> BlobFiles(OciLayoutStore layout)
    {
        var directory = new DirectoryInfo(Path.Combine(layout.Root, "blobs", "sha256"));
        if (!directory.Exists)
            yield break;
        foreach (var file in directory.EnumerateFiles())
        {
            if (Digest.TryParseHex(file.Name, out var digest))
                yield return (digest, file.Length);
        }
    }

    /// <summary>Lower-case hex of the file's SHA-256; null when the file went away meanwhile (collected by a concurrent remove).</summary>
    internal static async Task<string?> HashAsync(string path, CancellationToken ct)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct).ConfigureAwait(false));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    internal static string Display(StoredManifest stored)
    {
        var repository = References.ModelReference.FormatRepositoryForDisplay(stored.Repository);
        if (stored.Tags.Count > 0)
            return $"{repository}:{stored.Tags[0]}";
        return repository.Length == 0 ? stored.Descriptor.Digest.ToString() : $"{repository}@{stored.Descriptor.Digest}";
    }
}
