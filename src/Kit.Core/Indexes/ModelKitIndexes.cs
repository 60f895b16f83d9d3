using Kit.Core.Format;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Core.Transfer;
using Kit.Oci;
using Kit.Oci.Copy;
using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Core.Indexes;

/// <summary>
/// <c>kit index</c> and the index side of <c>kit pull -l</c> / <c>kit unpack -l</c>: ModelKit indexes in the local store
/// (<see cref="LocalIndexStore"/>) and in registries. An index groups ModelKits of its own repository; every edit writes
/// a new index blob and moves the tag. Push and pull copy the index with every ModelKit it lists through
/// <see cref="GraphCopy"/> (KitOps pushes and pulls the index alone).
/// </summary>
/// <param name="store">The local store (ModelKits and their blobs).</param>
/// <param name="clients">Registry access; null for commands that never reach a registry.</param>
/// <param name="options">Concurrency and progress observer for transfers.</param>
/// <param name="info">Progress lines for people.</param>
/// <param name="warn">Warnings.</param>
internal sealed class ModelKitIndexes(LocalModelKits store, RegistryClients? clients, TransferOptions options, Action<string> info, Action<string> warn)
{
    // An edit that finds the tag moved by another command reads it again; this many in a row is no longer a race.
    private const int MaxAttempts = 8;

    private readonly LocalIndexStore _indexes = new(store.Store.Layout);

    private OciLayoutStore Layout => store.Store.Layout;

    private RegistryClients Clients => clients ?? throw new InvalidOperationException("this index operation needs registry access");

    /// <summary>One index of the local store, as <c>kit index list</c> shows it.</summary>
    /// <param name="Repository">The full repository.</param>
    /// <param name="Digest">The index's digest.</param>
    /// <param name="Tags">Its tags, sorted; empty when untagged.</param>
    /// <param name="ModelKits">Its entry count; null when the index cannot be read.</param>
    public sealed record Listing(string Repository, Digest Digest, IReadOnlyList<string> Tags, int? ModelKits);

    /// <summary>An index read from the local store or a registry, with its exact bytes.</summary>
    public sealed record Found(ModelReference Reference, Descriptor Descriptor, byte[] Content, ModelKitIndexDocument Document);

    /// <summary><c>kit index create</c>: an empty index under a new tag.</summary>
    public async Task<Descriptor> CreateAsync(ModelReference index, CancellationToken ct = default)
    {
        var tag = RequireTag(index);
        return await _indexes.SaveAsync(index.FullRepository, ModelKitIndexDocument.Empty.ToJsonBytes(), tag, null, ct).ConfigureAwait(false)
            ?? throw new KitException($"index {index} already exists");
    }

    /// <summary>
    /// <c>kit index add</c>: adds the ModelKit (from the local store, or with <paramref name="remote"/> from its registry) or,
    /// when the index lists it already, edits its entry.
    /// </summary>
    /// <returns>The new index version.</returns>
    public async Task<Descriptor> AddAsync(ModelReference index, ModelReference modelKit, bool remote, IReadOnlyList<IndexLabels.Edit> labels,
        IReadOnlyList<IndexLabels.Edit> annotations, CancellationToken ct = default)
    {
        var tag = RequireTag(index);
        if (modelKit.FullRepository != index.FullRepository)
            throw new KitException($"ModelKit {modelKit} is not in the same repository as index {index}; an index may only reference ModelKits in its own repository");
        if (remote && !modelKit.NamesRegistry)
            throw new KitException($"can not check remote: {modelKit} does not contain registry");
        var kit = remote
            ? await Guard(modelKit, () => new ModelKitPuller(store.Store, options).FetchAsync(Clients.Open(modelKit), modelKit.TagOrDigest,
                _ => new HashSet<Digest>(), ct)).ConfigureAwait(false)
            : await store.TryResolveAsync(modelKit, ct).ConfigureAwait(false)
                ?? throw new KitException($"could not find ModelKit {modelKit} in local storage; use --remote to resolve it in its registry");
        // A ModelKit read from its registry is leased (manifest and config in the store) until the index names it.
        await using var kitScope = kit.ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadLocalAsync(index, "use 'kit index create' to create it", ct).ConfigureAwait(false);
            var existing = current.Document.Find(kit.Digest);
            var recorded = new Dictionary<string, string>(existing?.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                [IndexFormat.SizeAnnotation] = kit.Manifest.Layers.Sum(l => l.Size).ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (!modelKit.IsDigestReference && modelKit.Tag is { } kitTag)
                recorded[IndexFormat.OriginalTagAnnotation] = kitTag;
            var entry = new IndexEntry(kit.ManifestDescriptor.MediaType, kit.Digest, kit.ManifestDescriptor.Size)
            {
                Annotations = IndexLabels.Apply(recorded, annotations),
                ArtifactType = ArtifactTypeOf(kit),
                Labels = IndexLabels.Apply(existing?.Labels ?? new Dictionary<string, string>(), labels),
                OtherFields = existing?.OtherFields ?? new Dictionary<string, string>(),
            };
            var saved = await _indexes.SaveAsync(index.FullRepository, current.Document.Put(entry).ToJsonBytes(), tag, current.Descriptor.Digest, ct)
                .ConfigureAwait(false);
            if (saved is not null)
                return saved;
            if (attempt == MaxAttempts)
                throw new KitException($"cannot change index {index}: other kit commands keep changing it; try again");
        }
    }

    /// <summary><c>kit index remove</c>: drops the entry of a ModelKit (by digest, or by a tag of the local store); the ModelKit stays.</summary>
    /// <returns>The entry's digest and the new index version.</returns>
    public async Task<(Digest Removed, Descriptor Index)> RemoveAsync(ModelReference index, string modelKit, CancellationToken ct = default)
    {
        var tag = RequireTag(index);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadLocalAsync(index, "use 'kit index create' to create it", ct).ConfigureAwait(false);
            var digest = await EntryDigestAsync(index, current.Document, modelKit, ct).ConfigureAwait(false);
            if (current.Document.Find(digest) is null)
                throw new KitException($"index {index} does not contain {digest}");
            var saved = await _indexes.SaveAsync(index.FullRepository, current.Document.Without(digest).ToJsonBytes(), tag, current.Descriptor.Digest, ct)
                .ConfigureAwait(false);
            if (saved is not null)
                return (digest, saved);
            if (attempt == MaxAttempts)
                throw new KitException($"cannot change index {index}: other kit commands keep changing it; try again");
        }
    }

    /// <summary>
    /// <c>kit index delete</c>: a tag of an index with other tags is only untagged (unless <paramref name="force"/>); otherwise the
    /// index goes with all its tags and its blob is collected. The ModelKits it lists stay.
    /// </summary>
    public async Task<(Digest Digest, bool UntaggedOnly, IReadOnlyList<string> RemovedTags)> DeleteAsync(ModelReference index, bool force,
        CancellationToken ct = default)
    {
        var (found, untaggedOnly, tags) = await _indexes.RemoveAsync(index.FullRepository, index.TagOrDigest, force, ct).ConfigureAwait(false);
        if (found is null)
        {
            if (await store.TryResolveAsync(index, ct).ConfigureAwait(false) is { } kit)
            {
                await kit.DisposeAsync().ConfigureAwait(false);
                throw new KitException($"{index} is not a ModelKit index; use 'kit remove' to remove a ModelKit");
            }
            throw new KitException($"could not find index {index} in local storage");
        }
        // Index tags live in storage/indexes/, outside index.json, so nothing records what a delete let go of: only a
        // full collection finds it.
        if (!untaggedOnly)
            await store.Store.CollectAllGarbageAsync(ct).ConfigureAwait(false);
        return (found.Digest, untaggedOnly, tags);
    }

    /// <summary><c>kit index delete --all</c>: every untagged index (with <paramref name="force"/>: every index).</summary>
    public async Task<IReadOnlyList<LocalIndexStore.StoredIndex>> DeleteAllAsync(bool force, CancellationToken ct = default)
    {
        var removed = await _indexes.RemoveAllAsync(force, ct).ConfigureAwait(false);
        if (removed.Count > 0)
            await store.Store.CollectAllGarbageAsync(ct).ConfigureAwait(false);
        return removed;
    }

    /// <summary><c>kit index list</c>: one row per index per repository, by repository then digest.</summary>
    public async Task<IReadOnlyList<Listing>> ListAsync(CancellationToken ct = default)
    {
        var rows = new List<Listing>();
        foreach (var stored in _indexes.List())
        {
            int? count;
            try
            {
                count = ModelKitIndexDocument.Parse(await Layout.ReadAllBytesVerifiedAsync(stored.Descriptor.Digest, cancellationToken: ct).ConfigureAwait(false))
                    .Entries.Count;
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                count = null;
            }
            rows.Add(new Listing(stored.Repository, stored.Descriptor.Digest, stored.Tags, count));
        }
        return rows;
    }

    /// <summary><c>kit index info|inspect</c>: the index from the local store, or with <paramref name="remote"/> from its registry.</summary>
    public Task<Found> GetAsync(ModelReference index, bool remote, CancellationToken ct = default)
    {
        if (!remote)
            return ReadLocalAsync(index, "use 'kit index pull' to download it, or --remote to read it from its registry", ct);
        if (!index.NamesRegistry)
            throw new KitException($"can not check remote: {index} does not contain registry");
        return Guard(index, async () => await FetchRemoteAsync(index, ct).ConfigureAwait(false)
            ?? throw new NotAModelKitException($"reference {index} is not a ModelKit index"));
    }

    /// <summary>An entry's size: recorded, else from the ModelKit's manifest in the local store; null when neither is known.</summary>
    public async Task<long?> SizeOfAsync(IndexEntry entry, CancellationToken ct = default)
    {
        if (entry.RecordedSize is { } recorded)
            return recorded;
        try
        {
            return Manifest.Parse(await Layout.ReadAllBytesVerifiedAsync(entry.Digest, cancellationToken: ct).ConfigureAwait(false)).Layers.Sum(l => l.Size);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }

    /// <summary><c>kit index push</c>: the index and every ModelKit it lists (skipping what the registry has), the index last, under its tag.</summary>
    public async Task<Descriptor> PushAsync(ModelReference source, ModelReference destination, CancellationToken ct = default)
    {
        if (!destination.NamesRegistry)
            throw new KitException($"registry is required when pushing: name the destination like registry.example.com/{destination.Repository}:{destination.Tag ?? ModelReference.DefaultTag}");
        var found = await ReadLocalAsync(source, "use 'kit index create' to create it", ct).ConfigureAwait(false);
        var lease = Layout.BeginLease();
        await using var _ = lease.ConfigureAwait(false);
        var blobs = new HashSet<Digest>();
        var incomplete = new List<IndexEntry>();
        foreach (var entry in found.Document.Entries)
        {
            try
            {
                if (!await Layout.LeaseIfExistsAsync(lease, entry.Digest, ct).ConfigureAwait(false))
                    throw new BlobNotFoundException(entry.Digest, "");
                var manifest = Manifest.Parse(await Layout.ReadAllBytesVerifiedAsync(entry.Digest, cancellationToken: ct).ConfigureAwait(false));
                foreach (var blob in manifest.Layers.Prepend(manifest.Config))
                {
                    if (await Layout.LeaseIfExistsAsync(lease, blob.Digest, ct).ConfigureAwait(false))
                        blobs.Add(blob.Digest);
                    else if (!incomplete.Contains(entry))
                        incomplete.Add(entry);
                }
            }
            catch (BlobNotFoundException)
            {
                throw NotStored(entry);
            }
        }
        var target = Clients.Open(destination);
        // A ModelKit added from its registry (index add -r) has only its manifest and config here: fine when the
        // destination has it already (the copy then skips its layers), else it must be pulled first.
        foreach (var entry in incomplete)
        {
            var exists = await Guard(destination, () => target.ExistsAsync(new Descriptor(entry.MediaType, entry.Digest, entry.Size), ct)).ConfigureAwait(false);
            if (!exists)
                throw NotStored(entry);
        }
        var mounts = await MountSources.FindAsync(store.Store, destination.Registry, destination.Repository, blobs, ct).ConfigureAwait(false);
        var copy = options.ToCopyOptions(BlobTransferOutcome.Uploaded) with
        {
            RootContent = found.Content,
            MountCandidates = b => mounts.TryGetValue(b.Digest, out var from) ? [from] : [],
        };
        await Guard(destination, async () =>
        {
            await GraphCopy.CopyGraphAsync(Layout, target, found.Descriptor, destination.Tag ?? found.Descriptor.Digest.ToString(), copy, ct).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);
        return found.Descriptor;

        KitException NotStored(IndexEntry entry) =>
            new($"cannot push index {source} to {destination}: ModelKit {entry.Shown(source.FullRepository)} is neither complete in the local store "
                + $"nor in the destination; pull it first (kit pull {source.FullRepository}@{entry.Digest})");
    }

    /// <summary>
    /// <c>kit index pull</c>: the index (its bytes as the registry sent them) and every ModelKit it lists, each kept untagged in
    /// the index's repository; the index is named by its tag (untagged when pulled by digest).
    /// </summary>
    public async Task<Descriptor> PullAsync(ModelReference index, CancellationToken ct = default)
    {
        if (!index.NamesRegistry)
            throw new KitException($"registry is required when pulling: use registry.example.com/{index.Repository}:{index.Tag ?? ModelReference.DefaultTag}");
        var source = Clients.Open(index);
        var found = await Guard(index, async () => await FetchRemoteAsync(index, ct).ConfigureAwait(false)
            ?? throw new NotAModelKitException($"reference {index} is not a ModelKit index")).ConfigureAwait(false);
        var lease = Layout.BeginLease();
        await using var _ = lease.ConfigureAwait(false);
        var target = new OciLayoutRepository(Layout, index.FullRepository, lease);
        await Guard(index, async () =>
        {
            await GraphCopy.CopyGraphAsync(source, target, found.Descriptor, options.ToCopyOptions(BlobTransferOutcome.Downloaded) with { RootContent = found.Content },
                ct).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);
        await Layout.UpdateIndexAsync(i => found.Document.Entries.Where(e => e.MediaType == MediaTypes.ImageManifest)
            .Aggregate(i, (x, e) => IndexEdits.Tag(x, index.FullRepository, new Descriptor(e.MediaType, e.Digest, e.Size), [])), ct).ConfigureAwait(false);
        var tag = index.IsDigestReference ? null : index.Tag;
        for (var attempt = 1; ; attempt++)
        {
            var previous = tag is null ? null : _indexes.Resolve(index.FullRepository, tag);
            if (await _indexes.SaveAsync(index.FullRepository, found.Content, tag, previous?.Digest, ct).ConfigureAwait(false) is { } saved)
                return saved;
            if (attempt == MaxAttempts)
                throw new KitException($"cannot store index {index}: other kit commands keep changing it; try again");
        }
    }

    /// <summary>
    /// <c>kit pull -l</c>: when <paramref name="reference"/> names an index in its registry, the ModelKit the labels select is
    /// pulled by digest and tagged with the index's tag in the local store (as pulling a multi-platform image does).
    /// When it names a ModelKit the labels are ignored with a warning.
    /// </summary>
    /// <returns>The pulled ModelKit's digest.</returns>
    public async Task<Digest> PullSelectedAsync(ModelReference reference, IReadOnlyList<KeyValuePair<string, string>> selector, CancellationToken ct = default)
    {
        var transfers = new ModelKitTransfers(store, Clients, options, info);
        if (!reference.NamesRegistry)
            return (await transfers.PullAsync(reference, ct).ConfigureAwait(false)).Kit.Digest; // refused there, with pull's message
        var found = await Guard(reference, () => FetchRemoteAsync(reference, ct)).ConfigureAwait(false);
        if (found is null)
        {
            warn($"Labels are ignored: {reference} is a ModelKit, not a ModelKit index");
            return (await transfers.PullAsync(reference, ct).ConfigureAwait(false)).Kit.Digest;
        }
        var entry = IndexSelection.Select(found.Document, reference.FullRepository, selector);
        info($"Index {reference} refers to ModelKit {entry.Shown(reference.FullRepository)}");
        var (kit, _) = await transfers.PullAsync(reference.WithDigest(entry.Digest), ct).ConfigureAwait(false);
        if (!reference.IsDigestReference && reference.Tag is { } tag)
            await store.Store.TagAsync(reference.FullRepository, tag, kit.ManifestDescriptor, ct).ConfigureAwait(false);
        return kit.Digest;
    }

    /// <summary>
    /// What <c>kit unpack</c> unpacks for <paramref name="reference"/>: with labels, the ModelKit they select from the index it
    /// names (local index store, else its registry); without, the reference itself unless it names only an index, whose
    /// single ModelKit is then taken (several need labels). A stored ModelKit of that name wins over a remote index.
    /// </summary>
    public async Task<ModelReference> ResolveUnpackTargetAsync(ModelReference reference, IReadOnlyList<KeyValuePair<string, string>> selector,
        CancellationToken ct = default)
    {
        var local = _indexes.Resolve(reference.FullRepository, reference.TagOrDigest);
        if (selector.Count == 0 || local is null)
        {
            var kit = await store.TryResolveAsync(reference, ct).ConfigureAwait(false);
            if (kit is not null)
            {
                await kit.DisposeAsync().ConfigureAwait(false);
                if (selector.Count > 0)
                    warn($"Labels are ignored: {reference} is a ModelKit, not a ModelKit index");
                return reference;
            }
        }
        Found? found = local is null ? null : await ReadLocalAsync(reference, "", ct).ConfigureAwait(false);
        if (found is null && reference.NamesRegistry && clients is not null)
        {
            try
            {
                found = await Guard(reference, () => FetchRemoteAsync(reference, ct)).ConfigureAwait(false);
            }
            catch (RegistryAccessException e)
            {
                // Without labels the unpack itself reports what is wrong with the reference.
                if (selector.Count == 0)
                    return reference;
                throw new KitException($"failed to find ModelKit index {reference}: {e.Message}", e);
            }
            if (found is null && selector.Count > 0)
                warn($"Labels are ignored: {reference} is a ModelKit, not a ModelKit index");
        }
        if (found is null)
        {
            return selector.Count == 0 ? reference
                : throw new KitException($"failed to find ModelKit index {reference}: not found in local storage");
        }
        var entry = IndexSelection.Select(found.Document, reference.FullRepository, selector);
        info($"Index {reference} refers to ModelKit {entry.Shown(reference.FullRepository)}");
        return reference.WithDigest(entry.Digest);
    }

    private async Task<Found> ReadLocalAsync(ModelReference index, string advice, CancellationToken ct)
    {
        var descriptor = _indexes.Resolve(index.FullRepository, index.TagOrDigest)
            ?? throw new KitException($"could not find index {index} in local storage" + (advice.Length > 0 ? "; " + advice : ""));
        var content = await Layout.ReadAllBytesVerifiedAsync(descriptor.Digest, cancellationToken: ct).ConfigureAwait(false);
        ModelKitIndexDocument document;
        try
        {
            document = ModelKitIndexDocument.Parse(content);
        }
        catch (FormatException e)
        {
            throw new KitException($"index {index} in the local store cannot be read: {e.Message}", e);
        }
        return new Found(index, descriptor with { Size = content.Length }, content, document);
    }

    /// <summary>The index a registry reference names; null when it names something else (a ModelKit, another artifact).</summary>
    private async Task<Found?> FetchRemoteAsync(ModelReference index, CancellationToken ct)
    {
        var fetched = await Clients.Open(index).FetchManifestAsync(index.TagOrDigest, ct).ConfigureAwait(false);
        if (!ModelKitIndexDocument.IsModelKitIndex(fetched.Descriptor.MediaType, fetched.Content))
            return null;
        return new Found(index, fetched.Descriptor, fetched.Content, ModelKitIndexDocument.Parse(fetched.Content));
    }

    private async Task<Digest> EntryDigestAsync(ModelReference index, ModelKitIndexDocument document, string modelKit, CancellationToken ct)
    {
        if (Digest.TryParse(modelKit, out var bare))
            return bare;
        var reference = ModelReference.Parse(modelKit);
        if (reference.Digest is { } digest)
            return digest;
        var local = await store.Store.ResolveAsync(reference.FullRepository, reference.TagOrDigest, ct).ConfigureAwait(false);
        if (local is not null)
            return local.Digest;
        // Not stored here (added with --remote, or removed since): the tag it was added under still names it.
        if (reference.FullRepository == index.FullRepository && document.Entries.Where(e => e.OriginalTag == reference.Tag).ToList() is [var only])
            return only.Digest;
        throw new KitException($"could not resolve {reference} in local storage: not found; specify the entry by digest instead");
    }

    private static string RequireTag(ModelReference index) =>
        index.IsDigestReference || index.Tag is null
            ? throw new KitException($"index reference must be a tag, not a digest: {index}")
            : index.Tag;

    /// <summary>The entry's <c>artifactType</c>: KitOps's manifest type of the kit's format (ModelKit or ModelPack), else what the manifest declares.</summary>
    private static string? ArtifactTypeOf(ModelKit kit) =>
        ModelKitMediaTypes.Recognize(kit.Manifest) is { } format ? ModelKitMediaTypes.ArtifactTypeOf(format) : kit.Manifest.ArtifactType;

    private Task<T> Guard<T>(ModelReference reference, Func<Task<T>> work) =>
        RemoteFailure.GuardAsync(reference.Registry, reference.ToString(), clients?.Settings.PlainHttp ?? false, work);
}
