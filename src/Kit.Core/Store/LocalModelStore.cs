using Kit.Core.Store.KitOps;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store;

/// <summary>
/// ModelKit names over the local OCI layout. A tag is an index.json entry whose
/// <c>org.opencontainers.image.ref.name</c> is <c>&lt;repository&gt;:&lt;tag&gt;</c> (so
/// <c>skopeo inspect oci:&lt;storage&gt;:localhost/test:v1</c> finds it); a manifest held by a repository
/// without a tag there is an entry carrying <see cref="RepositoryAnnotation"/>. Every change is one atomic,
/// locked rewrite of index.json; entries written by other tools are kept as they are.
/// </summary>
internal sealed class LocalModelStore
{
    /// <summary>Names the repository of an untagged manifest entry.</summary>
    public const string RepositoryAnnotation = EntryName.RepositoryAnnotation;

    public LocalModelStore(OciLayoutStore layout) => Layout = layout;

    /// <summary>Opens the store at <c>$KITOPS_HOME/storage</c> (created on first write).</summary>
    public static LocalModelStore Open(string storageDirectory) => new(OpenLayout(storageDirectory));

    /// <summary>
    /// The layout at <paramref name="storageDirectory"/>, sharing its names with KitOps: every index change also rewrites
    /// KitOps's per-repository files (see <see cref="KitOpsIndexMirror"/>).
    /// </summary>
    /// <param name="storageDirectory"><c>$KITOPS_HOME/storage</c>.</param>
    /// <param name="syncBlobs">fsync blobs before publishing them (<c>KIT_FSYNC=1</c>).</param>
    /// <param name="info">Receives a line when ModelKits KitOps stored are first found.</param>
    /// <param name="warn">Receives a line per KitOps file or name that cannot be used.</param>
    public static OciLayoutStore OpenLayout(string storageDirectory, bool syncBlobs = false, Action<string>? info = null, Action<string>? warn = null) =>
        new(storageDirectory)
        {
            SyncBlobs = syncBlobs,
            Mirror = new KitOpsIndexMirror(Path.GetFullPath(storageDirectory), info ?? (_ => { }), warn ?? (_ => { })),
            CorruptIndexRepair = "run kit storage repair: it moves the file away and rebuilds it from the per-repository index files beside it",
        };

    /// <summary>
    /// Reads back what KitOps changed in its files since kit last wrote them, so this command sees it; when nothing
    /// changed it costs a listing of the storage directory and a stat per KitOps file, or with
    /// <paramref name="repositories"/> (a command that reads and edits only them) a stat per file of theirs.
    /// </summary>
    public async Task CatchUpWithKitOpsAsync(IReadOnlyCollection<string>? repositories = null, CancellationToken cancellationToken = default)
    {
        if (Layout.Mirror?.IsStale(repositories) == true)
            await Layout.UpdateIndexAsync(i => i, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Blobs, leases and GC; pack and pull write through it before naming the manifest here.</summary>
    public OciLayoutStore Layout { get; }

    /// <summary>
    /// Puts a stored manifest into <paramref name="repository"/> with <paramref name="tags"/> (none: untagged).
    /// A tag that named another manifest moves; that manifest stays in the repository, untagged.
    /// </summary>
    public Task AddManifestAsync(string repository, Descriptor manifest, IReadOnlyCollection<string> tags, CancellationToken cancellationToken = default)
    {
        Names.RequireRepository(repository);
        foreach (var tag in tags)
            Names.RequireTag(tag);
        return Layout.UpdateRepositoriesAsync([repository], i => IndexEdits.Tag(i, repository, manifest, tags), cancellationToken);
    }

    public Task TagAsync(string repository, string tag, Descriptor manifest, CancellationToken cancellationToken = default) =>
        AddManifestAsync(repository, manifest, [tag], cancellationToken);

    /// <summary>The manifest a tag names in <paramref name="repository"/>, or a digest if that repository holds it; else null.</summary>
    public Task<Descriptor?> ResolveAsync(string repository, string tagOrDigest, CancellationToken cancellationToken = default)
    {
        try
        {
            return Task.FromResult(IndexEdits.Resolve(Layout, repository, tagOrDigest, cancellationToken));
        }
#pragma warning disable CA1031 // Not handled: every failure becomes the faulted task an async method would return.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<Descriptor?>(e);
        }
    }

    /// <summary>
    /// Every (repository, manifest) pair with its tags, by repository then storage order. Entries of other
    /// tools that name no full reference are listed under repository "" (with their raw ref name as tag).
    /// </summary>
    public async Task<IReadOnlyList<StoredManifest>> ListAsync(CancellationToken cancellationToken = default)
    {
        var index = await Layout.ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return IndexEdits.List(index);
    }

    /// <summary>Removes a tag; the manifest stays in the repository. False when there was no such tag.</summary>
    public async Task<bool> UntagAsync(string repository, string tag, CancellationToken cancellationToken = default)
    {
        var found = false;
        await Layout.UpdateRepositoriesAsync([repository], i => IndexEdits.Untag(i, repository, tag, out found), cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// Removes a manifest and all its tags from <paramref name="repository"/>; other repositories keep it.
    /// Blobs go at the next <see cref="CollectGarbageAsync"/>. False when the repository did not hold it.
    /// </summary>
    public async Task<bool> RemoveManifestAsync(string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        var found = false;
        await Layout.UpdateRepositoriesAsync([repository], i => IndexEdits.Remove(i, repository, digest, out found), cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// Tags what <paramref name="sourceRepository"/>:<paramref name="sourceTagOrDigest"/> names when the index lock is held,
    /// after <paramref name="accept"/> (also under the lock) has checked it: a source removed or moved meanwhile is never
    /// tagged, so a tag never points at a manifest a concurrent removal is about to collect. <paramref name="accept"/>
    /// refuses by throwing; nothing is written then.
    /// </summary>
    /// <returns>What the source names under the lock, now tagged; null when nothing (nothing is written).</returns>
    public async Task<Descriptor?> TagSourceAsync(string sourceRepository, string sourceTagOrDigest, string repository, string tag,
        Action<Descriptor> accept, CancellationToken cancellationToken = default)
    {
        Names.RequireRepository(repository);
        Names.RequireTag(tag);
        Descriptor? current = null;
        await Layout.UpdateRepositoriesAsync([sourceRepository, repository], i =>
        {
            current = IndexEdits.Resolve(i, sourceRepository, sourceTagOrDigest);
            if (current is null)
                return i;
            accept(current);
            return IndexEdits.Tag(i, repository, current, [tag]);
        }, cancellationToken).ConfigureAwait(false);
        return current;
    }

    /// <summary>
    /// Removes what a tag or digest names, deciding under the index lock (see <see cref="IndexEdits.RemoveReference"/>).
    /// </summary>
    /// <returns>The manifest it named (null: nothing) and whether it only lost this tag.</returns>
    public async Task<(Descriptor? Manifest, bool UntaggedOnly)> RemoveReferenceAsync(string repository, string tagOrDigest, bool force,
        CancellationToken cancellationToken = default)
    {
        Descriptor? manifest = null;
        var untaggedOnly = false;
        await Layout.UpdateRepositoriesAsync([repository], i => IndexEdits.RemoveReference(i, repository, tagOrDigest, force, out manifest, out untaggedOnly),
            cancellationToken).ConfigureAwait(false);
        return (manifest, untaggedOnly);
    }

    /// <summary>Removes every untagged manifest (with <paramref name="force"/>: every one), chosen under the index lock.</summary>
    /// <returns>What was removed, with the tags it had.</returns>
    public async Task<IReadOnlyList<StoredManifest>> RemoveAllAsync(bool force, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StoredManifest> removed = [];
        await Layout.UpdateIndexAsync(i => IndexEdits.RemoveAll(i, force, out removed), cancellationToken).ConfigureAwait(false);
        return removed;
    }

    /// <summary>
    /// Deletes the blobs let go of since the last collection that no repository reaches any more (see
    /// <see cref="OciLayoutStore.CollectReleasedAsync"/>): what removals and failed writes need, at the cost of the few
    /// blobs concerned.
    /// </summary>
    public Task<GarbageCollectionResult> CollectGarbageAsync(CancellationToken cancellationToken = default) =>
        Layout.CollectReleasedAsync(cancellationToken);

    /// <summary>Judges every blob of the store (<c>kit storage prune</c>); see <see cref="OciLayoutStore.CollectGarbageAsync(CancellationToken)"/>.</summary>
    public Task<GarbageCollectionResult> CollectAllGarbageAsync(CancellationToken cancellationToken = default) =>
        Layout.CollectGarbageAsync(cancellationToken);
}
