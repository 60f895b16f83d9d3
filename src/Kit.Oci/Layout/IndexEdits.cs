
namespace Kit.Oci.Layout;

/// <summary>
/// Pure edits of index.json entries under the store's naming rules: a (repository, digest) pair is present
/// when any entry names it; an untagged entry exists only for pairs without a tag; foreign entries are
/// carried through untouched.
/// </summary>
internal static class IndexEdits
{
    public static ImageIndex Tag(ImageIndex index, string repository, Descriptor manifest, IEnumerable<string> tags)
    {
        var entries = index.Manifests.ToList();
        var any = false;
        foreach (var tag in tags.Distinct(StringComparer.Ordinal))
        {
            any = true;
            var displaced = RemoveAll(entries, e => IsTag(e, repository, tag));
            entries.Add(TagEntry(repository, tag, manifest));
            // KitOps keeps a manifest that loses its tag in the repository, untagged.
            foreach (var old in displaced)
                KeepPair(entries, repository, old);
        }
        if (!any)
            KeepPair(entries, repository, manifest);
        return With(index, entries);
    }

    public static ImageIndex Untag(ImageIndex index, string repository, string tag, out bool found)
    {
        var entries = index.Manifests.ToList();
        var removed = RemoveAll(entries, e => IsTag(e, repository, tag));
        found = removed.Count > 0;
        if (!found)
            return index;
        foreach (var old in removed)
            KeepPair(entries, repository, old);
        return With(index, entries);
    }

    public static ImageIndex Remove(ImageIndex index, string repository, Digest digest, out bool found)
    {
        var entries = index.Manifests.ToList();
        found = RemoveAll(entries, e => EntryName.Of(e).Holds(repository, digest, e)).Count > 0;
        return found ? With(index, entries) : index;
    }

    /// <summary>
    /// <c>kit remove</c> of one reference, decided on this index: a digest, a forced tag, or a manifest's only tag in the
    /// repository drops the (repository, manifest) pair with all its tags; one of several tags only untags
    /// (<paramref name="untaggedOnly"/>). <paramref name="manifest"/> is what the reference named; null, with the index
    /// returned unchanged, when nothing.
    /// </summary>
    public static ImageIndex RemoveReference(ImageIndex index, string repository, string tagOrDigest, bool force,
        out Descriptor? manifest, out bool untaggedOnly)
    {
        manifest = Resolve(index, repository, tagOrDigest);
        untaggedOnly = false;
        if (manifest is null)
            return index;
        if (!force && !Digest.TryParse(tagOrDigest, out _) && TagCount(index, repository, manifest.Digest) > 1)
        {
            untaggedOnly = true;
            return Untag(index, repository, tagOrDigest, out _);
        }
        return Remove(index, repository, manifest.Digest, out _);
    }

    /// <summary>
    /// <c>kit remove --all</c>, decided on this index: every untagged (repository, manifest) pair of ours, or with
    /// <paramref name="force"/> every pair of ours; a tag added by a concurrent command is never among them.
    /// <paramref name="removed"/> lists the pairs dropped, with the tags they had.
    /// </summary>
    public static ImageIndex RemoveAll(ImageIndex index, bool force, out IReadOnlyList<StoredManifest> removed)
    {
        removed = [.. List(index).Where(m => m.Repository.Length > 0 && (force || m.Tags.Count == 0))];
        if (removed.Count == 0)
            return index;
        var kept = index.Manifests.Where(e =>
        {
            var name = EntryName.Of(e);
            return name.IsForeign || (!force && name.Tag is not null);
        }).ToList();
        return index with { Manifests = kept };
    }

    private static int TagCount(ImageIndex index, string repository, Digest digest) =>
        index.Manifests.Count(e => EntryName.Of(e) is { IsForeign: false, Tag: not null } n && n.Repository == repository && e.Digest == digest);

    /// <summary>
    /// Adds names without moving any: a tag the index already has keeps its manifest, and the incoming one
    /// stays in the repository untagged. Returns <paramref name="index"/> itself when nothing was missing.
    /// </summary>
    public static ImageIndex AddMissing(ImageIndex index, IEnumerable<(string Repository, string? Tag, Descriptor Manifest)> names)
    {
        var entries = index.Manifests.ToList();
        var added = false;
        foreach (var (repository, tag, manifest) in names)
        {
            if (tag is not null && !entries.Exists(e => IsTag(e, repository, tag)))
            {
                entries.Add(TagEntry(repository, tag, manifest));
                added = true;
            }
            else if (!entries.Exists(e => EntryName.Of(e).Holds(repository, manifest.Digest, e)))
            {
                KeepPair(entries, repository, manifest);
                added = true;
            }
        }
        return added ? With(index, entries) : index;
    }

    /// <summary>
    /// Makes <paramref name="names"/> the whole content of <paramref name="repository"/>: its entries are dropped, then
    /// the names added as <see cref="AddMissing"/> does. Returns <paramref name="index"/> itself when nothing differs.
    /// </summary>
    public static ImageIndex ReplaceRepository(ImageIndex index, string repository, IEnumerable<(string? Tag, Descriptor Manifest)> names)
    {
        var others = index with
        {
            Manifests = [.. index.Manifests.Where(e => EntryName.Of(e) is var n && (n.IsForeign || n.Repository != repository))],
        };
        var next = AddMissing(others, names.Select(n => (repository, n.Tag, n.Manifest)));
        return SameNames(index, next) ? index : next;
    }

    private static bool SameNames(ImageIndex a, ImageIndex b) =>
        a.Manifests.Count == b.Manifests.Count
        && a.Manifests.Select(Key).ToHashSet().SetEquals(b.Manifests.Select(Key));

    private static (string, string?, bool, Digest) Key(Descriptor e) => EntryName.Of(e) is var n ? (n.Repository, n.Tag, n.IsForeign, e.Digest) : default;

    public static Descriptor? Resolve(ImageIndex index, string repository, string tagOrDigest)
    {
        var entry = index.Manifests.FirstOrDefault(Resolves(repository, tagOrDigest));
        return entry is null ? null : Plain(entry);
    }

    /// <summary><see cref="Resolve(ImageIndex, string, string)"/> by a scan of index.json: nothing is built for the other entries.</summary>
    public static Descriptor? Resolve(OciLayoutStore store, string repository, string tagOrDigest, CancellationToken cancellationToken = default)
    {
        var isDigest = Digest.TryParse(tagOrDigest, out var digest);
        var entry = store.FindEntry(isDigest ? null : repository + ":" + tagOrDigest, isDigest ? digest : null,
            Resolves(repository, tagOrDigest), cancellationToken);
        return entry is null ? null : Plain(entry);
    }

    /// <summary>Whether an entry is what <c>repository:tag</c> or <c>repository@digest</c> names.</summary>
    private static Func<Descriptor, bool> Resolves(string repository, string tagOrDigest) =>
        Digest.TryParse(tagOrDigest, out var digest)
            ? e => EntryName.Of(e).Holds(repository, digest, e)
            : e => IsTag(e, repository, tagOrDigest);

    public static IReadOnlyList<StoredManifest> List(ImageIndex index)
    {
        var groups = new Dictionary<(string Repository, Digest Digest), (Descriptor Descriptor, SortedSet<string> Tags, int Order)>();
        foreach (var entry in index.Manifests)
        {
            var name = EntryName.Of(entry);
            var key = (name.Repository, entry.Digest);
            if (!groups.TryGetValue(key, out var group))
                groups[key] = group = (Plain(entry), new SortedSet<string>(StringComparer.Ordinal), groups.Count);
            if (name.Tag is not null)
                group.Tags.Add(name.Tag);
        }
        return groups
            .OrderBy(g => g.Key.Repository, StringComparer.Ordinal)
            .ThenBy(g => g.Value.Order)
            .Select(g => new StoredManifest(g.Key.Repository, g.Value.Descriptor, [.. g.Value.Tags]))
            .ToList();
    }

    /// <summary>
    /// Whether the entry's ref name is exactly <c>repository:tag</c>: for a valid repository and tag that is the same as
    /// splitting the name (<see cref="EntryName.Of"/>), without making two strings for each of thousands of entries.
    /// </summary>
    private static bool IsTag(Descriptor entry, string repository, string tag) =>
        entry.Annotations is { } annotations && annotations.TryGetValue(OciAnnotations.RefName, out var refName)
        && refName.Length == repository.Length + 1 + tag.Length
        && refName.StartsWith(repository, StringComparison.Ordinal) && refName[repository.Length] == ':'
        && refName.EndsWith(tag, StringComparison.Ordinal)
        && Names.IsValidTag(tag) && Names.IsValidRepository(repository);

    /// <summary>Adds an untagged entry unless some entry already holds (repository, manifest).</summary>
    private static void KeepPair(List<Descriptor> entries, string repository, Descriptor manifest)
    {
        if (entries.Exists(e => EntryName.Of(e).Holds(repository, manifest.Digest, e)))
            return;
        entries.Add(Plain(manifest) with
        {
            Annotations = new Dictionary<string, string> { [EntryName.RepositoryAnnotation] = repository },
        });
    }

    private static Descriptor TagEntry(string repository, string tag, Descriptor manifest) =>
        Plain(manifest) with { Annotations = new Dictionary<string, string> { [OciAnnotations.RefName] = repository + ":" + tag } };

    private static Descriptor Plain(Descriptor d) =>
        new(d.MediaType.Length == 0 ? MediaTypes.ImageManifest : d.MediaType, d.Digest, d.Size);

    private static List<Descriptor> RemoveAll(List<Descriptor> entries, Predicate<Descriptor> match)
    {
        var removed = entries.FindAll(match);
        entries.RemoveAll(match);
        return removed;
    }

    /// <summary>Drops our untagged entries whose pair is also tagged, and repeated untagged entries.</summary>
    private static ImageIndex With(ImageIndex index, List<Descriptor> entries)
    {
        // Each name split once: an index has thousands of entries, and splitting makes strings.
        var names = entries.ConvertAll(EntryName.Of);
        var tagged = new HashSet<(string, Digest)>();
        for (var i = 0; i < entries.Count; i++)
        {
            if (!names[i].IsForeign && names[i].Tag is not null)
                tagged.Add((names[i].Repository, entries[i].Digest));
        }
        var seenUntagged = new HashSet<(string, Digest)>();
        var kept = new List<Descriptor>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var n = names[i];
            if (n.IsForeign || n.Tag is not null || (!tagged.Contains((n.Repository, entries[i].Digest)) && seenUntagged.Add((n.Repository, entries[i].Digest))))
                kept.Add(entries[i]);
        }
        return index with { Manifests = kept };
    }
}
