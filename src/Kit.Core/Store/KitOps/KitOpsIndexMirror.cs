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

    private string RecordPath => Path.Combine(root, MirrorRecord.FileName);
    private string IndexPath => Path.Combine(root, "index.json");

    public bool IsStale()
    {
        if (!Directory.Exists(root))
            return false;
        var record = MirrorRecord.Load(RecordPath);
        if (record is null || record.Index != FileStamp.Of(IndexPath))
            return true;
        var seen = 0;
        foreach (var name in RepositoryFileNames(root))
        {
            if (!record.Files.TryGetValue(name, out var entry) || entry.Stamp != FileStamp.Of(Path.Combine(root, name)))
                return true;
            seen++;
        }
        return seen != record.Files.Count;
    }

    public ImageIndex Reconcile(ImageIndex current)
    {
        _imported.Clear();
        var record = MirrorRecord.Load(RecordPath);
        var indexRewritten = record is null || record.Index != FileStamp.Of(IndexPath);
        var encodedNames = RepositoryFileNames(root).Concat(record?.Files.Keys ?? Enumerable.Empty<string>())
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

    public void Publish(ImageIndex next, Action writeIndex)
    {
        var previous = MirrorRecord.Load(RecordPath);
        var desired = Render(next);
        var record = new MirrorRecord();
        foreach (var (name, content) in desired)
        {
            var path = Path.Combine(root, name);
            var hash = MirrorRecord.Hash(content);
            var unchanged = previous is not null && previous.Files.TryGetValue(name, out var was)
                && was.Hash == hash && was.Stamp == FileStamp.Of(path);
            if (!unchanged)
                OciLayoutStore.WriteFileAtomically(Path.Combine(root, "ingest"), path, content);
            record.Files[name] = (hash, FileStamp.Of(path));
        }
        foreach (var name in RepositoryFileNames(root).Where(n => !desired.ContainsKey(n)))
        {
            var path = Path.Combine(root, name);
            // What we wrote or read in and no longer need goes, as KitOps deletes an emptied file. A file we could not
            // use (torn, not a repository name, naming a missing manifest) is KitOps's: kept, and recorded as such.
            var ours = _imported.Contains(name)
                || (previous is not null && previous.Files.TryGetValue(name, out var was) && !was.Hash.StartsWith(KeptPrefix, StringComparison.Ordinal));
            if (ours)
            {
                File.Delete(path);
                continue;
            }
            if (ReadIfExists(name) is { } content)
                record.Files[name] = (KeptPrefix + MirrorRecord.Hash(content), FileStamp.Of(path));
        }
        _imported.Clear();
        writeIndex();
        record.Index = FileStamp.Of(IndexPath);
        OciLayoutStore.WriteFileAtomically(Path.Combine(root, "ingest"), RecordPath, record.ToBytes());
    }

    public IEnumerable<Descriptor> Roots()
    {
        var roots = new List<Descriptor>();
        foreach (var directory in new[] { root, Path.Combine(root, "indexes") })
        {
            if (!Directory.Exists(directory))
                continue;
            foreach (var name in RepositoryFileNames(directory))
            {
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
    internal static Dictionary<string, byte[]> Render(ImageIndex index)
    {
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
        record.Files.TryGetValue(name, out var was)
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
    private static List<string> RepositoryFileNames(string directory)
    {
        try
        {
            return Directory.EnumerateFiles(directory, "*.json").Select(Path.GetFileName).OfType<string>()
                .Where(n => RepositoryFileName.EncodedPart(n) is not null).ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}
