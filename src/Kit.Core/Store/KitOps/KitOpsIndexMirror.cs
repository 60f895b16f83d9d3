using System.IO.Enumeration;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.KitOps;

/// <summary>
/// Shares the store with KitOps. Our index.json holds every name; KitOps's per-repository files
/// (<c>&lt;b64&gt;-index.json</c>, <c>&lt;b64&gt;-tags.json</c>) are kept as a view of it, rewritten under the store
/// lock with every change, so KitOps sees every ModelKit and tag kit stores. KitOps writes those files (and
/// index.json, through its OCI library) without our lock; what it changed is read back before our next change or
/// command: a repository whose files differ from what we recorded is taken from KitOps's files, and when only
/// index.json was rewritten the names in the unchanged files are restored (KitOps's rewrite of index.json drops
/// entries it does not understand). KitOps 1.17's <c>indexes/</c> files (ModelKit indexes, which kit does not
/// make) are only read, so that garbage collection keeps what they name.
/// </summary>
/// <param name="root">The storage directory.</param>
/// <param name="info">Receives a line when ModelKits KitOps stored are found for the first time.</param>
/// <param name="warn">Receives one line per unreadable file or name whose manifest is missing.</param>
internal sealed class KitOpsIndexMirror(string root, Action<string> info, Action<string> warn) : IIndexMirror
{
    /// <summary>Marks a recorded file that is KitOps's alone (unreadable to us), so that it is neither re-read nor deleted.</summary>
    private const string KeptPrefix = "keep:";

    /// <summary>Files the last <see cref="Reconcile"/> read completely: their names are in the index now, so they are ours to rewrite or delete.</summary>
    private readonly HashSet<string> _imported = new(StringComparer.Ordinal);

    private MirrorRecord? _record;
    private FileStamp _recordStamp = FileStamp.Absent;

    private string RecordPath => Path.Combine(root, MirrorRecord.FileName);
    private string IndexPath => Path.Combine(root, "index.json");

    /// <summary>
    /// A command asks twice (when it starts, and under the lock before it changes the index); within this long, and with
    /// index.json and the record as they were, the second answer is the first: another kit command would have replaced
    /// both, and KitOps, which takes no lock, can change its files just after either listing alike.
    /// </summary>
    private static readonly TimeSpan CleanFor = TimeSpan.FromSeconds(1);

    private (Packing.FileStatus Index, Packing.FileStatus Record, long At)? _clean;

    public bool IsStale(IReadOnlyCollection<string>? repositories = null)
    {
        if (!Directory.Exists(root))
            return false;
        if (repositories is not null)
            return AreStale(repositories);
        var stamps = (Packing.FileStatus.TryRead(IndexPath, out var index), Packing.FileStatus.TryRead(RecordPath, out var recorded));
        if (_clean is { } clean && stamps == (true, true) && clean.Index == index && clean.Record == recorded
            && System.Diagnostics.Stopwatch.GetElapsedTime(clean.At) < CleanFor)
            return false;
        _clean = null;
        // No record, or one without a fingerprint: stale, so the next change under the lock re-reads and records all.
        if (MirrorRecord.ReadSummary(RecordPath) is not { } summary || summary.Index != FileStamp.Of(IndexPath))
            return true;
        var (count, fingerprint) = FingerprintRepositoryFiles(root);
        if (count != summary.Count || fingerprint != summary.Fingerprint)
            return true;
        // Stamps taken before the listing: a change during it makes them differ next time.
        if (stamps == (true, true))
            _clean = (index, recorded, System.Diagnostics.Stopwatch.GetTimestamp());
        return false;
    }

    /// <summary>Whether index.json, or a file of <paramref name="repositories"/>, differs from the record: a few stats and a lookup each.</summary>
    private bool AreStale(IReadOnlyCollection<string> repositories)
    {
        if (MirrorRecord.ReadSummary(RecordPath) is not { } summary || summary.Index != FileStamp.Of(IndexPath) || LoadRecord() is not { } record)
            return true;
        foreach (var repository in repositories)
        {
            var encoded = RepositoryFileName.Encode(repository);
            foreach (var name in new[] { encoded + RepositoryFileName.IndexSuffix, encoded + RepositoryFileName.TagsSuffix })
            {
                var recorded = record.TryGet(name, out var was) ? was.Stamp : FileStamp.Absent;
                if (FileStamp.Of(Path.Combine(root, name)) != recorded)
                    return true;
            }
        }
        return false;
    }

    /// <summary>The number of KitOps's repository files and the fingerprint of their names and stamps, from one listing.</summary>
    private static (int Count, ulong Fingerprint) FingerprintRepositoryFiles(string directory)
    {
        var (count, fingerprint) = (0, 0UL);
        try
        {
            var entries = new FileSystemEnumerable<ulong>(directory,
                (ref FileSystemEntry e) => MirrorRecord.EntryHash(e.FileName, new FileStamp(e.Length, e.LastWriteTimeUtc.UtcTicks)))
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && RepositoryFileName.IsRepositoryFile(e.FileName),
            };
            foreach (var hash in entries)
            {
                count++;
                fingerprint += hash;
            }
        }
        catch (DirectoryNotFoundException)
        {
        }
        return (count, fingerprint);
    }

    /// <summary>The record as last read or written by this process, read again only when its file changed.</summary>
    private MirrorRecord? LoadRecord()
    {
        var stamp = FileStamp.Of(RecordPath);
        if (_record is null || stamp != _recordStamp)
        {
            _record = MirrorRecord.Load(RecordPath);
            _recordStamp = stamp;
        }
        return _record;
    }

    private void SaveRecord(MirrorRecord record)
    {
        OciLayoutStore.WriteFileAtomically(Path.Combine(root, "ingest"), RecordPath, record.ToSegments());
        _record = record;
        _recordStamp = FileStamp.Of(RecordPath);
    }

    public ImageIndex Reconcile(ImageIndex current)
    {
        _imported.Clear();
        var record = LoadRecord();
        var indexRewritten = record is null || record.Index != FileStamp.Of(IndexPath);
        var encodedNames = RepositoryFileNames(root).Concat(record?.Names ?? [])
            .Select(RepositoryFileName.EncodedPart).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var next = current;
        int found = 0, tags = 0;
        foreach (var encoded in encodedNames)
        {
            var index = ReadIfExists(encoded + RepositoryFileName.IndexSuffix);
            var tagsFile = ReadIfExists(encoded + RepositoryFileName.TagsSuffix);
            var changedByKitOps = record is not null
                && (Differs(record, encoded + RepositoryFileName.IndexSuffix, index) || Differs(record, encoded + RepositoryFileName.TagsSuffix, tagsFile));
            if (!changedByKitOps && !indexRewritten)
                continue;
            if (!RepositoryFileName.TryDecode(encoded, out var repository) || !Names.IsValidRepository(repository))
            {
                warn($"{Path.Combine(root, encoded)}-*.json: the file name does not name a repository; left as it is");
                continue;
            }
            var read = KitOpsRepositoryFiles.Read(repository, index, tagsFile, Path.Combine(root, encoded + "-*.json"), warn);
            if (read is null)
                continue;
            var names = read.Where(n => HasManifest(repository, n)).ToList();
            if (names.Count == read.Count)
            {
                _imported.Add(encoded + RepositoryFileName.IndexSuffix);
                _imported.Add(encoded + RepositoryFileName.TagsSuffix);
            }
            var before = next;
            next = changedByKitOps
                ? IndexEdits.ReplaceRepository(next, repository, names)
                : IndexEdits.AddMissing(next, names.Select(n => (repository, n.Tag, n.Manifest)));
            if (record is null && !ReferenceEquals(before, next))
            {
                found += names.Where(n => n.Tag is null).Select(n => n.Manifest.Digest).Distinct().Count();
                tags += names.Count(n => n.Tag is not null);
            }
        }
        if (found + tags > 0)
            info($"Found ModelKits KitOps stored ({tags} tag(s), {found} untagged manifest entry(ies)); kit and KitOps now share this store");
        return KitOpsSharedIndex.DropNamedBareEntries(next);
    }

    public void Publish(ImageIndex previous, ImageIndex next, bool full, Action writeIndex, bool checkContent = false)
    {
        var before = LoadRecord();
        if (full || before is null)
            // Checking content: as if nothing had been recorded, so each file is compared byte for byte.
            PublishAll(checkContent ? null : before, next, writeIndex, ownership: before);
        else
            PublishChanges(before, previous, next, writeIndex);
    }

    public bool TryPublishChanges(ImageIndex previous, ImageIndex next, Action writeIndex)
    {
        if (LoadRecord() is not { } before)
            return false;
        PublishChanges(before, previous, next, writeIndex);
        return true;
    }

    /// <summary>Rewrites only the files of repositories whose entries changed: the others are as the record says (IsStale just checked).</summary>
    private void PublishChanges(MirrorRecord before, ImageIndex previous, ImageIndex next, Action writeIndex)
    {
        var changed = ChangedRepositories(previous, next);
        var desired = Render(next, changed);
        var record = before.Clone();
        foreach (var repository in changed)
        {
            var encoded = RepositoryFileName.Encode(repository);
            foreach (var name in new[] { encoded + RepositoryFileName.IndexSuffix, encoded + RepositoryFileName.TagsSuffix })
            {
                var path = Path.Combine(root, name);
                if (desired.TryGetValue(name, out var content))
                {
                    record.Set(name, WriteIfChanged(before, name, path, content));
                    continue;
                }
                if (!File.Exists(path))
                {
                    record.Remove(name);
                    continue;
                }
                if (IsOurs(before, name))
                {
                    File.Delete(path);
                    record.Remove(name);
                }
                else if (ReadIfExists(name) is { } kept)
                {
                    record.Set(name, (KeptPrefix + MirrorRecord.Hash(kept), FileStamp.Of(path)));
                }
            }
        }
        _imported.Clear();
        writeIndex();
        record.Index = FileStamp.Of(IndexPath);
        SaveRecord(record);
    }

    private void PublishAll(MirrorRecord? previous, ImageIndex next, Action writeIndex, MirrorRecord? ownership)
    {
        var desired = Render(next);
        var record = new MirrorRecord();
        foreach (var (name, content) in desired)
            record.Set(name, WriteIfChanged(previous, name, Path.Combine(root, name), content));
        foreach (var name in ScanRepositoryFiles(root).Keys.Where(n => !desired.ContainsKey(n)))
        {
            var path = Path.Combine(root, name);
            // What we wrote or read in and no longer need goes, as KitOps deletes an emptied file. A file we could not
            // use (torn, not a repository name, naming a missing manifest) is KitOps's: kept, and recorded as such.
            if (IsOurs(ownership, name))
            {
                File.Delete(path);
                continue;
            }
            if (ReadIfExists(name) is { } content)
                record.Set(name, (KeptPrefix + MirrorRecord.Hash(content), FileStamp.Of(path)));
        }
        _imported.Clear();
        writeIndex();
        record.Index = FileStamp.Of(IndexPath);
        SaveRecord(record);
    }

    private (string Hash, FileStamp Stamp) WriteIfChanged(MirrorRecord? previous, string name, string path, byte[] content)
    {
        var hash = MirrorRecord.Hash(content);
        var unchanged = previous is null
            ? ReadIfExists(name) is { } onDisk && onDisk.AsSpan().SequenceEqual(content)
            : previous.TryGet(name, out var was) && was.Hash == hash && was.Stamp == FileStamp.Of(path);
        if (!unchanged)
            OciLayoutStore.WriteFileAtomically(Path.Combine(Path.GetDirectoryName(path)!, "ingest"), path, content);
        return (hash, FileStamp.Of(path));
    }

    private bool IsOurs(MirrorRecord? previous, string name) =>
        _imported.Contains(name)
        || (previous is not null && previous.TryGet(name, out var was) && !was.Hash.StartsWith(KeptPrefix, StringComparison.Ordinal));

    /// <summary>
    /// Repositories with an entry in one index and not the other. Edits keep the entries they do not touch as the same
    /// objects, so comparing references finds the few that changed among thousands; an equal copy only costs a rewrite.
    /// </summary>
    private static HashSet<string> ChangedRepositories(ImageIndex previous, ImageIndex next)
    {
        var before = new HashSet<Descriptor>(previous.Manifests, ReferenceEqualityComparer.Instance);
        var after = new HashSet<Descriptor>(next.Manifests, ReferenceEqualityComparer.Instance);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in previous.Manifests.Where(e => !after.Contains(e)).Concat(next.Manifests.Where(e => !before.Contains(e))))
        {
            if (EntryName.Of(entry) is { IsForeign: false } name)
                changed.Add(name.Repository);
        }
        return changed;
    }

    public IEnumerable<Descriptor> Roots()
    {
        var roots = new List<Descriptor>();
        // Files as we last wrote them name only what index.json names (the record says index.json is ours too): only
        // the others are read.
        var record = LoadRecord();
        var trusted = record is not null && record.Index == FileStamp.Of(IndexPath) ? record : null;
        foreach (var directory in new[] { root, Path.Combine(root, "indexes") })
        {
            foreach (var (name, stamp) in ScanRepositoryFiles(directory))
            {
                if (directory == root && trusted is not null && trusted.TryGet(name, out var was) && was.Stamp == stamp
                    && !was.Hash.StartsWith(KeptPrefix, StringComparison.Ordinal))
                    continue;
                byte[] content;
                try
                {
                    content = File.ReadAllBytes(Path.Combine(directory, name));
                }
                catch (IOException)
                {
                    continue; // removed by KitOps meanwhile
                }
                var names = KitOpsRepositoryFiles.Read(name, name.EndsWith(RepositoryFileName.IndexSuffix, StringComparison.Ordinal) ? content : null,
                    name.EndsWith(RepositoryFileName.TagsSuffix, StringComparison.Ordinal) ? content : null, Path.Combine(directory, name), _ => { });
                roots.AddRange(names?.Select(n => n.Manifest) ?? []);
            }
        }
        return roots;
    }

    /// <summary>Every repository's two files as KitOps would write them for <paramref name="index"/>; empty ones are left out.</summary>
    internal static Dictionary<string, byte[]> Render(ImageIndex index) => Render(index, null);

    /// <summary>The files of <paramref name="only"/> (all repositories when null) as <see cref="Render(ImageIndex)"/> writes them.</summary>
    private static Dictionary<string, byte[]> Render(ImageIndex index, HashSet<string>? only)
    {
        if (only is not null)
            index = index with { Manifests = [.. index.Manifests.Where(e => MayBeIn(e, only) && only.Contains(EntryName.Of(e).Repository))] };
        var repositories = new Dictionary<string, (List<Descriptor> Manifests, HashSet<Digest> Seen, List<(string, Descriptor)> Tags)>(StringComparer.Ordinal);
        foreach (var stored in IndexEdits.List(index))
        {
            // ModelKit indexes live in KitOps's indexes/ files, which only KitOps writes.
            if (stored.Repository.Length == 0 || stored.Descriptor.MediaType == MediaTypes.ImageIndex)
                continue;
            if (!repositories.TryGetValue(stored.Repository, out var files))
                repositories[stored.Repository] = files = ([], [], []);
            if (files.Seen.Add(stored.Descriptor.Digest))
                files.Manifests.Add(stored.Descriptor);
            files.Tags.AddRange(stored.Tags.Select(t => (t, stored.Descriptor)));
        }
        var rendered = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (repository, files) in repositories)
        {
            var encoded = RepositoryFileName.Encode(repository);
            if (KitOpsRepositoryFiles.RenderIndex(files.Manifests) is { } indexFile)
                rendered[encoded + RepositoryFileName.IndexSuffix] = indexFile;
            if (KitOpsRepositoryFiles.RenderTags(files.Tags) is { } tagsFile)
                rendered[encoded + RepositoryFileName.TagsSuffix] = tagsFile;
        }
        return rendered;
    }

    /// <summary>A cheap test before splitting the name: the entry's ref name or repository starts with one of <paramref name="repositories"/>.</summary>
    private static bool MayBeIn(Descriptor entry, HashSet<string> repositories)
    {
        if (entry.Annotations is not { } annotations)
            return false;
        var name = annotations.TryGetValue(OciAnnotations.RefName, out var refName) ? refName
            : annotations.TryGetValue(EntryName.RepositoryAnnotation, out var repository) ? repository : null;
        if (name is null)
            return false;
        foreach (var r in repositories)
        {
            if (name.StartsWith(r, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private byte[]? ReadIfExists(string name)
    {
        try
        {
            return File.ReadAllBytes(Path.Combine(root, name));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static bool Differs(MirrorRecord record, string name, byte[]? content) =>
        record.TryGet(name, out var was)
            ? content is null || MirrorRecord.Hash(content) != (was.Hash.StartsWith(KeptPrefix, StringComparison.Ordinal) ? was.Hash[KeptPrefix.Length..] : was.Hash)
            : content is not null;

    private bool HasManifest(string repository, (string? Tag, Descriptor Manifest) name)
    {
        if (File.Exists(Path.Combine(root, "blobs", "sha256", name.Manifest.Digest.Hex)))
            return true;
        warn($"{repository}{(name.Tag is null ? "@" + name.Manifest.Digest : ":" + name.Tag)} (from KitOps's files): manifest blob {name.Manifest.Digest} is missing; skipped");
        return false;
    }

    /// <summary>KitOps's per-repository file names in <paramref name="directory"/>.</summary>
    private static List<string> RepositoryFileNames(string directory) => [.. ScanRepositoryFiles(directory).Keys];

    /// <summary>
    /// KitOps's per-repository files in <paramref name="directory"/> with their stamps, in one listing: the stamp comes
    /// with the directory entry (one stat each), which matters with thousands of repositories.
    /// </summary>
    private static Dictionary<string, FileStamp> ScanRepositoryFiles(string directory)
    {
        var files = new Dictionary<string, FileStamp>(StringComparer.Ordinal);
        try
        {
            var entries = new FileSystemEnumerable<(string Name, FileStamp Stamp)>(directory,
                (ref FileSystemEntry e) => (e.FileName.ToString(), new FileStamp(e.Length, e.LastWriteTimeUtc.UtcTicks)))
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && RepositoryFileName.IsRepositoryFile(e.FileName),
            };
            foreach (var (name, stamp) in entries)
                files[name] = stamp;
        }
        catch (DirectoryNotFoundException)
        {
        }
        return files;
    }
}
