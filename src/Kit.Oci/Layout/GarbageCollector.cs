using System.Text.Json;
using Kit.Oci.Serialization;

namespace Kit.Oci.Layout;

/// <summary>
/// Mark and sweep over one layout; the caller holds the exclusive store lock. Marks from index.json
/// (manifests, their configs and layers, children of image indexes), from live leases and from kept lists. Doubt
/// keeps: if a listed manifest is there but cannot be read, nothing is swept. A listed manifest that is missing
/// altogether is only reported: nothing can reach its blobs through it, and keeping everything because of
/// one bad entry would stop the store from ever freeing space again.
/// </summary>
/// <remarks>
/// A full collection judges every blob. A collection of candidates (what <c>kit remove</c> runs) judges only the
/// blobs something let go of since the last one: manifests index.json stopped naming (with their configs and layers),
/// blobs of ended leases and of leases whose process died. With no candidate it reads nothing at all; otherwise it
/// marks as a full one does, and sweeps only the candidates.
/// </remarks>
internal sealed class GarbageCollector
{
    // Manifests with thousands of layers stay far below this; anything larger is not a manifest we wrote.
    private const long MaxManifestBytes = 16 << 20;

    private readonly OciLayoutStore _store;
    private readonly bool _full;
    private readonly GarbageCollectionOptions _options;
    private readonly List<(string Path, long Bytes)> _files = [];
    private readonly HashSet<Digest> _marked = [];
    private readonly HashSet<Digest> _candidates = [];
    private readonly List<string> _consumed = [];
    private readonly List<string> _problems = [];
    private readonly List<string> _missing = [];

    public GarbageCollector(OciLayoutStore store, bool full = true, GarbageCollectionOptions? options = null)
    {
        _store = store;
        _full = full;
        _options = options ?? new GarbageCollectionOptions();
    }

    public async Task<GarbageCollectionResult> RunAsync(CancellationToken cancellationToken)
    {
        var staleIngest = SweepIngest();
        var staleLeases = MarkLeases();
        ReadLists(StoreLease.ReleasedSuffix, _candidates);
        ReadLists(StoreLease.KeptSuffix, _marked);
        if (!_full && _candidates.Count == 0)
        {
            DeleteConsumed();
            return new GarbageCollectionResult([], 0, staleIngest, staleLeases, []) { DeletedFiles = _files };
        }
        if (!_full)
            await AddChildrenOfCandidatesAsync(cancellationToken).ConfigureAwait(false);
        await MarkIndexAsync(cancellationToken).ConfigureAwait(false);
        if (_problems.Count > 0)
            return new GarbageCollectionResult([], 0, staleIngest, staleLeases, [.. _missing, .. _problems]) { DeletedFiles = _files };

        var deleted = new List<Digest>();
        var sizes = new Dictionary<Digest, long>();
        long bytes = 0;
        foreach (var (digest, path) in SweepCandidates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_marked.Contains(digest))
                continue;
            var info = new FileInfo(path);
            if (!info.Exists)
                continue;
            var size = info.Length;
            if (TryDelete(path))
            {
                deleted.Add(digest);
                sizes[digest] = size;
                bytes += size;
            }
        }
        DeleteConsumed();
        return new GarbageCollectionResult(deleted, bytes, staleIngest, staleLeases, _missing) { DeletedFiles = _files, DeletedBlobSizes = sizes };
    }

    /// <summary>Every blob file for a full collection; the candidates otherwise.</summary>
    private IEnumerable<(Digest Digest, string Path)> SweepCandidates()
    {
        if (!_full)
            return _candidates.Select(d => (d, _store.GetBlobPath(d)));
        return Directory.EnumerateFiles(_store.BlobsDirectory)
            // Files that are not named by a digest are not ours to judge.
            .Select(path => (Ok: Digest.TryParseHex(Path.GetFileName(path), out var digest), Digest: digest, Path: path))
            .Where(f => f.Ok)
            .Select(f => (f.Digest, f.Path));
    }

    /// <summary>Lists consumed by this collection (released, and those of dead leases) go once it has swept.</summary>
    private void DeleteConsumed()
    {
        foreach (var path in _consumed)
            TryDelete(path, record: false);
    }

    private void ReadLists(string suffix, HashSet<Digest> into)
    {
        foreach (var path in Directory.EnumerateFiles(_store.LeasesDirectory, "*" + suffix))
        {
            into.UnionWith(StoreLease.ReadDigests(path));
            if (suffix == StoreLease.ReleasedSuffix)
                _consumed.Add(path);
        }
    }

    /// <summary>
    /// A candidate that is a manifest or an index lets go of its children too. Layers are never read for this: only
    /// a small blob that starts like JSON is.
    /// </summary>
    private async Task AddChildrenOfCandidatesAsync(CancellationToken cancellationToken)
    {
        var pending = new Queue<Digest>(_candidates);
        while (pending.TryDequeue(out var digest))
        {
            if (!LooksLikeJson(_store.GetBlobPath(digest)))
                continue;
            byte[] bytes;
            try
            {
                bytes = await _store.ReadAllBytesVerifiedAsync(digest, MaxManifestBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                continue; // gone, corrupt or too large: nothing to follow
            }
            List<Descriptor> children;
            try
            {
                (children, _) = ReadChildren(bytes);
            }
            catch (FormatException)
            {
                continue; // JSON that is no manifest, e.g. a config
            }
            foreach (var child in children)
            {
                if (_candidates.Add(child.Digest))
                    pending.Enqueue(child.Digest);
            }
        }
    }

    private static bool LooksLikeJson(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1);
            return file.Length is > 1 and <= MaxManifestBytes && file.ReadByte() == '{';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private int SweepIngest()
    {
        var count = 0;
        foreach (var path in Directory.EnumerateFiles(_store.IngestDirectory))
        {
            // A partial download nobody holds is kept for a later pull to resume, until it is stale (or pruned).
            var keep = !_options.Prune && path.EndsWith(OciLayoutStore.PartialSuffix, StringComparison.Ordinal)
                && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) <= _store.StaleAge;
            if (!keep && IsAbandoned(path) && TryDelete(path))
                count++;
        }
        return count;
    }

    /// <summary>
    /// Live leases mark their digests; leases whose process died are deleted, and what they protected becomes a
    /// candidate (a killed pack's blobs are collected by the next removal).
    /// </summary>
    private int MarkLeases()
    {
        var stale = 0;
        var dir = _store.LeasesDirectory;
        foreach (var lockPath in Directory.EnumerateFiles(dir, "*" + StoreLease.LockSuffix))
        {
            var listPath = lockPath[..^StoreLease.LockSuffix.Length] + StoreLease.DigestsSuffix;
            if (IsAbandoned(lockPath))
            {
                // The list goes once the sweep is done; until then, a list without its lock stays a candidate list.
                _candidates.UnionWith(StoreLease.ReadDigests(listPath));
                _consumed.Add(listPath);
                TryDelete(lockPath);
                stale++;
                continue;
            }
            _marked.UnionWith(StoreLease.ReadDigests(listPath));
        }
        foreach (var listPath in Directory.EnumerateFiles(dir, "*" + StoreLease.DigestsSuffix))
        {
            // A list without its lock file belongs to a lease that died while ending.
            if (_consumed.Contains(listPath) || File.Exists(listPath[..^StoreLease.DigestsSuffix.Length] + StoreLease.LockSuffix))
                continue;
            _candidates.UnionWith(StoreLease.ReadDigests(listPath));
            _consumed.Add(listPath);
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
            index = _options.Index ?? await _store.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Deletes <paramref name="path"/> (or, in a dry run, only says it would), recording a file that is not a blob.</summary>
    private bool TryDelete(string path, bool record = true)
    {
        long size = 0;
        try
        {
            size = new FileInfo(path).Length;
        }
        catch (IOException)
        {
        }
        if (record && !path.StartsWith(_store.BlobsDirectory, StringComparison.Ordinal))
            _files.Add((path, size));
        if (_options.DryRun)
            return File.Exists(path);
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

/// <summary>How a collection runs besides its kind (full or of candidates).</summary>
internal sealed record GarbageCollectionOptions
{
    /// <summary>Decide everything, delete nothing (<c>kit storage prune --dry-run</c>).</summary>
    public bool DryRun { get; init; }

    /// <summary>Mark from this index instead of index.json (a dry run that pretends other removals happened).</summary>
    public ImageIndex? Index { get; init; }

    /// <summary>Also delete partial downloads nobody holds, however young (<c>kit storage prune</c>).</summary>
    public bool Prune { get; init; }
}
