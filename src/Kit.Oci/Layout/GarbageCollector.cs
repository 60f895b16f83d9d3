using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Oci.Layout;

/// <summary>
/// Mark and sweep over one layout; the caller holds the exclusive store lock. Marks from index.json
/// (manifests, their configs and layers, children of image indexes) and from live leases. Doubt keeps:
/// if a listed manifest is there but cannot be read, nothing is swept. A listed manifest that is missing
/// altogether is only reported: nothing can reach its blobs through it, and keeping everything because of
/// one bad entry would stop the store from ever freeing space again.
/// </summary>
internal sealed class GarbageCollector
{
    // Manifests with thousands of layers stay far below this; anything larger is not a manifest we wrote.
    private const long MaxManifestBytes = 16 << 20;

    private readonly OciLayoutStore _store;
    private readonly HashSet<Digest> _marked = [];
    private readonly List<string> _problems = [];
    private readonly List<string> _missing = [];

    public GarbageCollector(OciLayoutStore store) => _store = store;

    public async Task<GarbageCollectionResult> RunAsync(CancellationToken cancellationToken)
    {
        var staleIngest = SweepIngest();
        var staleLeases = MarkLeases();
        await MarkIndexAsync(cancellationToken).ConfigureAwait(false);
        if (_problems.Count > 0)
            return new GarbageCollectionResult([], 0, staleIngest, staleLeases, [.. _missing, .. _problems]);

        var deleted = new List<Digest>();
        long bytes = 0;
        foreach (var path in Directory.EnumerateFiles(_store.BlobsDirectory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Files that are not named by a digest are not ours to judge.
            if (!Digest.TryParseHex(Path.GetFileName(path), out var digest) || _marked.Contains(digest))
                continue;
            var size = new FileInfo(path).Length;
            if (TryDelete(path))
            {
                deleted.Add(digest);
                bytes += size;
            }
        }
        return new GarbageCollectionResult(deleted, bytes, staleIngest, staleLeases, _missing);
    }

    private int SweepIngest()
    {
        var count = 0;
        foreach (var path in Directory.EnumerateFiles(_store.IngestDirectory))
        {
            // A partial download nobody holds is kept for a later pull to resume, until it is stale.
            var keep = path.EndsWith(OciLayoutStore.PartialSuffix, StringComparison.Ordinal)
                && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) <= _store.StaleAge;
            if (!keep && IsAbandoned(path) && TryDelete(path))
                count++;
        }
        return count;
    }

    /// <summary>Live leases mark their digests; leases whose process died are deleted.</summary>
    private int MarkLeases()
    {
        var stale = 0;
        var dir = _store.LeasesDirectory;
        foreach (var lockPath in Directory.EnumerateFiles(dir, "*" + StoreLease.LockSuffix))
        {
            var listPath = lockPath[..^StoreLease.LockSuffix.Length] + StoreLease.DigestsSuffix;
            if (IsAbandoned(lockPath))
            {
                TryDelete(listPath);
                TryDelete(lockPath);
                stale++;
                continue;
            }
            _marked.UnionWith(StoreLease.ReadDigests(listPath));
        }
        foreach (var listPath in Directory.EnumerateFiles(dir, "*" + StoreLease.DigestsSuffix))
        {
            // A list without its lock file belongs to a lease that died while ending.
            if (!File.Exists(listPath[..^StoreLease.DigestsSuffix.Length] + StoreLease.LockSuffix) && TryDelete(listPath))
                stale++;
        }
        return stale;
    }

    /// <summary>A file whose owner holds it locked is alive; without working locks, age decides.</summary>
    private bool IsAbandoned(string path)
    {
        if (!FileLocking.Enabled)
            return DateTime.UtcNow - File.GetLastWriteTimeUtc(path) > _store.StaleAge;
        return FileLocking.IsUnlocked(path);
    }

    private async Task MarkIndexAsync(CancellationToken cancellationToken)
    {
        ImageIndex index;
        try
        {
            index = await _store.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            _problems.Add(e.Message);
            return;
        }
        foreach (var entry in index.Manifests)
            await MarkManifestAsync(entry, "index.json", cancellationToken).ConfigureAwait(false);
        foreach (var root in _store.Mirror?.Roots() ?? [])
            await MarkManifestAsync(root, "another tool's index files", cancellationToken).ConfigureAwait(false);
    }

    private async Task MarkManifestAsync(Descriptor descriptor, string listedIn, CancellationToken cancellationToken)
    {
        if (!_marked.Add(descriptor.Digest))
            return;
        if (!IsManifestLike(descriptor.MediaType))
            return;
        byte[] bytes;
        try
        {
            bytes = await _store.ReadAllBytesVerifiedAsync(descriptor.Digest, MaxManifestBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            _missing.Add($"{descriptor.Digest}: manifest listed in {listedIn} is missing from {_store.BlobsDirectory}; remove the ModelKit that names it, then pack or pull it again");
            return;
        }
        catch (IOException e) // corrupt, too large
        {
            _problems.Add($"{descriptor.Digest}: manifest listed in {listedIn} cannot be read ({e.Message}); keeping all unreferenced blobs");
            return;
        }
        List<Descriptor> children;
        bool childrenAreManifests;
        try
        {
            (children, childrenAreManifests) = ReadChildren(bytes);
        }
        catch (FormatException e)
        {
            _problems.Add($"{descriptor.Digest}: manifest listed in {listedIn} is not valid ({e.Message}); keeping all unreferenced blobs");
            return;
        }
        foreach (var child in children)
        {
            if (childrenAreManifests)
                await MarkManifestAsync(child, descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            else
                _marked.Add(child.Digest);
        }
    }

    private static bool IsManifestLike(string mediaType) =>
        mediaType is "" or MediaTypes.ImageManifest or MediaTypes.ImageIndex or MediaTypes.DockerManifest or MediaTypes.DockerManifestList;

    /// <summary>Children by shape rather than by mediaType, which both kinds may omit.</summary>
    private static (List<Descriptor> Children, bool AreManifests) ReadChildren(byte[] json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException(e.Message, e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException("not a JSON object");
            if (root.TryGetProperty("manifests", out _))
                return ([.. ImageIndex.Parse(json).Manifests], true);
            var manifest = Manifest.Parse(json);
            var children = new List<Descriptor> { manifest.Config };
            children.AddRange(manifest.Layers);
            if (root.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.Object)
                children.Add(DescriptorJson.Read(subject, "manifest subject"));
            return (children, false);
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
                File.SetAttributes(path, FileAttributes.Normal);
            File.Delete(path);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
