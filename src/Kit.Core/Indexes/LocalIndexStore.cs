using Kit.Core.Store.KitOps;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Indexes;

/// <summary>
/// ModelKit indexes in the local store, kept as KitOps 1.17 keeps them so both tools see the same ones: the index blobs
/// in the shared <c>blobs/</c>, and per repository <c>indexes/&lt;b64&gt;-index.json</c> (every index the repository
/// holds) and <c>indexes/&lt;b64&gt;-tags.json</c> (tag → index), in the format of KitOps's ModelKit repository files.
/// Index tags are a namespace of their own (<c>repo:v1</c> may name a ModelKit and an index). Every change is made under
/// the store's lock; garbage collection keeps what these files name (and the ModelKits their indexes list).
/// </summary>
internal sealed class LocalIndexStore(OciLayoutStore layout)
{
    private const string DirectoryName = "indexes";

    /// <summary>One index as one repository holds it.</summary>
    public sealed record StoredIndex(string Repository, Descriptor Descriptor, IReadOnlyList<string> Tags);

    private string IndexesDirectory => Path.Combine(layout.Root, DirectoryName);

    /// <summary>The index a tag names in <paramref name="repository"/>, or a digest the repository holds; else null.</summary>
    public Descriptor? Resolve(string repository, string tagOrDigest)
    {
        var files = Read(repository);
        if (Digest.TryParse(tagOrDigest, out var digest))
            return files.Members.Find(m => m.Digest == digest);
        return files.Tags.TryGetValue(tagOrDigest, out var d) ? d : null;
    }

    /// <summary>Every index of every repository with its tags (sorted), by repository then digest.</summary>
    public IReadOnlyList<StoredIndex> List()
    {
        var result = new List<StoredIndex>();
        foreach (var repository in Repositories())
        {
            var files = Read(repository);
            foreach (var member in files.Members)
            {
                var tags = files.Tags.Where(t => t.Value.Digest == member.Digest).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
                result.Add(new StoredIndex(repository, member, tags));
            }
        }
        return result.OrderBy(r => ModelKitRepositoryDisplay(r.Repository), StringComparer.Ordinal)
            .ThenBy(r => r.Descriptor.Digest.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Stores <paramref name="content"/> and names it <paramref name="tag"/> (untagged in the repository when null), provided
    /// the tag still names <paramref name="expectedPrevious"/> (null: nothing) under the lock. The version the tag named
    /// before leaves the repository unless another tag names it.
    /// </summary>
    /// <returns>The stored index, or null when the tag moved meanwhile (the caller reads it again and retries).</returns>
    public async Task<Descriptor?> SaveAsync(string repository, byte[] content, string? tag, Digest? expectedPrevious, CancellationToken cancellationToken)
    {
        var lease = layout.BeginLease();
        await using var _ = lease.ConfigureAwait(false);
        var descriptor = await layout.PutBytesAsync(MediaTypes.ImageIndex, content, lease, cancellationToken).ConfigureAwait(false);
        var saved = false;
        await UnderLockAsync(() =>
        {
            var files = Read(repository);
            Descriptor? previous = tag is not null && files.Tags.TryGetValue(tag, out var p) ? p : null;
            if (previous?.Digest != expectedPrevious)
                return;
            if (!files.Members.Exists(m => m.Digest == descriptor.Digest))
                files.Members.Add(descriptor);
            if (tag is not null)
            {
                files.Tags[tag] = descriptor;
                if (previous is not null && previous.Digest != descriptor.Digest && !files.Tags.Values.Any(d => d.Digest == previous.Digest))
                    files.Members.RemoveAll(m => m.Digest == previous.Digest);
            }
            Write(repository, files);
            saved = true;
        }, cancellationToken).ConfigureAwait(false);
        return saved ? descriptor : null;
    }

    /// <summary>
    /// Removes what a tag or digest names: a tag of an index that has other tags is only untagged, unless
    /// <paramref name="force"/>; otherwise the index leaves the repository with all its tags.
    /// </summary>
    /// <returns>The index it named (null: nothing), whether only the tag went, and the tags removed with it.</returns>
    public async Task<(Descriptor? Index, bool UntaggedOnly, IReadOnlyList<string> RemovedTags)> RemoveAsync(string repository, string tagOrDigest, bool force,
        CancellationToken cancellationToken)
    {
        (Descriptor?, bool, IReadOnlyList<string>) result = (null, false, []);
        await UnderLockAsync(() =>
        {
            var files = Read(repository);
            var byDigest = Digest.TryParse(tagOrDigest, out var digest);
            Descriptor? index = byDigest
                ? files.Members.Find(m => m.Digest == digest)
                : files.Tags.TryGetValue(tagOrDigest, out var t) ? t : null;
            if (index is null)
                return;
            var tags = files.Tags.Where(p => p.Value.Digest == index.Digest).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            if (!force && !byDigest && tags.Count > 1)
            {
                files.Tags.Remove(tagOrDigest);
                result = (index, true, [tagOrDigest]);
            }
            else
            {
                foreach (var tag in tags)
                    files.Tags.Remove(tag);
                files.Members.RemoveAll(m => m.Digest == index.Digest);
                result = (index, false, tags);
            }
            Write(repository, files);
        }, cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>Removes every untagged index (with <paramref name="force"/>: every index), chosen under the lock.</summary>
    public async Task<IReadOnlyList<StoredIndex>> RemoveAllAsync(bool force, CancellationToken cancellationToken)
    {
        var removed = new List<StoredIndex>();
        await UnderLockAsync(() =>
        {
            foreach (var stored in List().Where(s => force || s.Tags.Count == 0))
            {
                var files = Read(stored.Repository);
                foreach (var tag in stored.Tags)
                    files.Tags.Remove(tag);
                files.Members.RemoveAll(m => m.Digest == stored.Descriptor.Digest);
                Write(stored.Repository, files);
                removed.Add(stored);
            }
        }, cancellationToken).ConfigureAwait(false);
        return removed;
    }

    private async Task UnderLockAsync(Action change, CancellationToken cancellationToken)
    {
        layout.EnsureLayout();
        using var _ = await layout.AcquireLockAsync(exclusive: true, cancellationToken).ConfigureAwait(false);
        change();
    }

    private sealed record RepositoryFiles(Dictionary<string, Descriptor> Tags, List<Descriptor> Members);

    private RepositoryFiles Read(string repository)
    {
        var encoded = RepositoryFileName.Encode(repository);
        var index = ReadIfExists(encoded + RepositoryFileName.IndexSuffix);
        var tags = ReadIfExists(encoded + RepositoryFileName.TagsSuffix);
        var where = Path.Combine(IndexesDirectory, encoded + "-*.json");
        string? problem = null;
        var names = KitOpsRepositoryFiles.Read(repository, index, tags, where, w => problem ??= w)
            ?? throw new KitException(problem ?? $"cannot read the index files {where}");
        var files = new RepositoryFiles(new Dictionary<string, Descriptor>(StringComparer.Ordinal), []);
        foreach (var (tag, descriptor) in names)
        {
            var plain = new Descriptor(MediaTypes.ImageIndex, descriptor.Digest, descriptor.Size);
            if (tag is not null)
                files.Tags[tag] = plain;
            if (!files.Members.Exists(m => m.Digest == plain.Digest))
                files.Members.Add(plain);
        }
        return files;
    }

    private void Write(string repository, RepositoryFiles files)
    {
        var encoded = RepositoryFileName.Encode(repository);
        // KitOps creates the directory 0755 on first index use; the default mode under a usual umask is the same.
        Directory.CreateDirectory(IndexesDirectory);
        Put(encoded + RepositoryFileName.IndexSuffix, KitOpsRepositoryFiles.RenderIndex(files.Members));
        Put(encoded + RepositoryFileName.TagsSuffix, KitOpsRepositoryFiles.RenderTags(files.Tags.Select(t => (t.Key, t.Value)).ToList()));
    }

    private void Put(string name, byte[]? content)
    {
        var path = Path.Combine(IndexesDirectory, name);
        if (content is null)
            File.Delete(path);
        else
            OciLayoutStore.WriteFileAtomically(layout.IngestDirectory, path, content);
    }

    private byte[]? ReadIfExists(string name)
    {
        try
        {
            return File.ReadAllBytes(Path.Combine(IndexesDirectory, name));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private List<string> Repositories()
    {
        if (!Directory.Exists(IndexesDirectory))
            return [];
        return Directory.EnumerateFiles(IndexesDirectory, "*.json").Select(Path.GetFileName).OfType<string>()
            .Select(RepositoryFileName.EncodedPart).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(e => RepositoryFileName.TryDecode(e, out var r) && Names.IsValidRepository(r) ? r : null).OfType<string>()
            .ToList();
    }

    private static string ModelKitRepositoryDisplay(string repository) => References.ModelReference.FormatRepositoryForDisplay(repository);
}
