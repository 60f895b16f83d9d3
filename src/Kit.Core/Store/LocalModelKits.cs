using Kit.Core.Format;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store;

/// <summary>ModelKit-level operations on the local store, addressed by <see cref="ModelReference"/>.</summary>
/// <remarks>
/// Readers take no lock: index.json is replaced by rename, so each read sees one whole index, but the blobs it names
/// may be collected by a concurrent <c>kit remove</c> before they are read. A read that finds a blob gone therefore
/// reads the index again: an entry that is gone (or now names another manifest) was changed concurrently and is
/// skipped or followed; only an entry still naming the missing blob is a damaged one.
/// </remarks>
/// <param name="store">The store's names and blobs.</param>
/// <param name="warn">Receives one line per damaged entry that <see cref="ListAsync(bool, CancellationToken)"/> skips.</param>
internal sealed class LocalModelKits(LocalModelStore store, Action<string>? warn = null) : IModelKitSource
{
    // Each retry follows a concurrent change of the same name; more than this many in a row is not a race any more.
    private const int MaxAttempts = 8;

    public LocalModelStore Store { get; } = store;

    public async Task<ModelKit?> TryResolveAsync(ModelReference reference, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var descriptor = await Store.ResolveAsync(reference.FullRepository, reference.TagOrDigest, ct).ConfigureAwait(false);
            if (descriptor is null) return null;
            (byte[] ManifestBytes, Manifest Manifest, byte[]? Config) read;
            try
            {
                read = Read(descriptor.Digest, ct);
            }
            catch (BlobNotFoundException e)
            {
                var now = await Store.ResolveAsync(reference.FullRepository, reference.TagOrDigest, ct).ConfigureAwait(false);
                if (now is null) return null; // removed while we read it
                if (now.Digest == descriptor.Digest || attempt == MaxAttempts)
                    throw Damaged(reference.Display, e);
                continue; // the tag moved while we read it
            }
            return ModelKitOf(reference, descriptor, read);
        }
    }

    public async Task<ModelKit> ResolveAsync(ModelReference reference, CancellationToken ct = default) =>
        await TryResolveAsync(reference, ct).ConfigureAwait(false) ?? throw new ModelKitNotFoundException(reference);

    /// <summary>A stored kit has every layer in the store already, so <paramref name="selectLayers"/> changes nothing.</summary>
    public Task<ModelKit> OpenAsync(ModelReference reference, Func<ModelKit, IReadOnlySet<Digest>>? selectLayers = null,
        CancellationToken cancellationToken = default) => ResolveAsync(reference, cancellationToken);

    /// <summary>Every manifest of every repository, sorted by repository then digest; a damaged entry is reported and skipped.</summary>
    public Task<IReadOnlyList<ModelKitListing>> ListAsync(CancellationToken ct = default) => ListAsync(withKitfiles: false, ct);

    /// <summary>
    /// <see cref="ListAsync(CancellationToken)"/>, each row with its Kitfile JSON when <paramref name="withKitfiles"/> (for
    /// <c>kit list --filter</c>). Without, what a row shows comes from <see cref="ListingSummaries"/> for every manifest
    /// listed before (only its blob's presence is checked), so a store of thousands of ModelKits lists without reading them.
    /// </summary>
    public async Task<IReadOnlyList<ModelKitListing>> ListAsync(bool withKitfiles, CancellationToken ct = default)
    {
        var stored = await Store.ListAsync(ct).ConfigureAwait(false);
        var summaries = ListingSummaries.Load(Store.Layout.Root);
        IReadOnlyList<StoredManifest>? reread = null;
        var rows = new List<ModelKitListing>();
        foreach (var entry in stored.Where(s => s.Repository.Length > 0))
        {
            if (entry.Descriptor.MediaType != MediaTypes.ImageManifest) continue;
            var digest = entry.Descriptor.Digest;
            if (!withKitfiles && summaries.TryGet(digest, out var known) && Store.Layout.Exists(digest))
            {
                if (known.IsModelKit)
                    rows.Add(Row(entry, known, null));
                continue;
            }
            (byte[] _, Manifest Manifest, byte[]? Config) read;
            try
            {
                read = Read(entry.Descriptor.Digest, ct);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                reread ??= await Store.ListAsync(ct).ConfigureAwait(false);
                // Removed by a concurrent command since our snapshot: not ours to report.
                if (e is BlobNotFoundException && !reread.Any(r => r.Repository == entry.Repository && r.Descriptor.Digest == entry.Descriptor.Digest))
                    continue;
                warn?.Invoke(Damaged(ModelReference.FormatRepositoryForDisplay(entry.Repository) + "@" + entry.Descriptor.Digest, e).Message
                    + "; not listed");
                continue;
            }
            var kitfile = read.Config is null ? null : ManifestKitfile.TryJson(read.Manifest, read.Config);
            var (name, author) = kitfile is null ? (null, null) : ModelKitSummary.NameAndAuthor(kitfile);
            var summary = new ListingSummaries.Entry(read.Config is not null, read.Manifest.Layers.Sum(l => l.Size), name, author);
            summaries.Add(digest, summary);
            if (summary.IsModelKit)
                rows.Add(Row(entry, summary, kitfile));
        }
        summaries.SaveIfChanged(stored.Select(s => s.Descriptor.Digest).ToHashSet(), Path.Combine(Store.Layout.Root, "ingest"));
        return rows.OrderBy(r => r.Repository, StringComparer.Ordinal).ThenBy(r => r.Digest.Hex, StringComparer.Ordinal).ToList();
    }

    private static ModelKitListing Row(StoredManifest entry, ListingSummaries.Entry summary, byte[]? kitfile) =>
        new(entry.Repository, entry.Descriptor.Digest, [.. entry.Tags.Order(StringComparer.Ordinal)], summary.Name, summary.Author, summary.Size)
        {
            Config = kitfile,
        };

    /// <summary>
    /// <paramref name="kit"/> with its manifest, config and the <paramref name="layers"/> it will read (all when null)
    /// leased until it is disposed, so a concurrent <c>kit remove</c> of the same kit cannot collect them mid-read. A blob
    /// already gone means the kit was removed (or moved) since it was resolved: it is resolved again.
    /// </summary>
    public async Task<ModelKit> LeaseAsync(ModelKit kit, IReadOnlySet<Digest>? layers, CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var lease = Store.Layout.BeginLease();
            var complete = true;
            try
            {
                foreach (var digest in kit.Manifest.Layers.Select(l => l.Digest).Where(d => layers is null || layers.Contains(d))
                             .Prepend(kit.Manifest.Config.Digest).Prepend(kit.Digest))
                {
                    if (!await Store.Layout.LeaseIfExistsAsync(lease, digest, ct).ConfigureAwait(false))
                    {
                        complete = false;
                        break;
                    }
                }
            }
            catch
            {
                await lease.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            if (complete)
                return kit.WithLease(lease);
            await lease.DisposeAsync().ConfigureAwait(false);
            var now = await TryResolveAsync(kit.Reference, ct).ConfigureAwait(false) ?? throw new ModelKitNotFoundException(kit.Reference);
            // Same manifest and still a blob missing: damaged, not a race; reading reports which blob.
            if (now.Digest == kit.Digest || attempt == MaxAttempts)
                return now;
            kit = now;
        }
    }

    /// <summary>
    /// <c>kit tag</c>: the manifest's blobs are already shared, so this only writes index entries. The source is resolved
    /// and read under the index lock, so a source removed or moved by a concurrent command is never tagged, and one that
    /// is damaged or not a ModelKit is refused with nothing written.
    /// </summary>
    public async Task<ModelKit> TagAsync(ModelReference source, ModelReference target, CancellationToken ct = default)
    {
        if (target.IsDigestReference)
            throw new KitException($"cannot tag {source.Display} as {target}: the target needs a tag, not a digest");
        ModelKit? kit = null;
        await Store.TagSourceAsync(source.FullRepository, source.TagOrDigest, target.FullRepository, target.Tag ?? ModelReference.DefaultTag,
            descriptor =>
            {
                (byte[] ManifestBytes, Manifest Manifest, byte[]? Config) read;
                try
                {
                    read = Read(descriptor.Digest, ct);
                }
                catch (BlobNotFoundException e)
                {
                    throw Damaged(source.Display, e); // under the lock: not a concurrent removal
                }
                kit = ModelKitOf(source, descriptor, read);
            }, ct).ConfigureAwait(false);
        return kit ?? throw new ModelKitNotFoundException(source);
    }

    /// <summary>The kit a stored manifest makes, refusing one that is not a ModelKit's.</summary>
    private static ModelKit ModelKitOf(ModelReference reference, Descriptor descriptor, (byte[] ManifestBytes, Manifest Manifest, byte[]? Config) read) =>
        read.Config is null
            ? throw new KitException($"{reference.Display} exists but is not a modelkit (config media type {read.Manifest.Config.MediaType})")
            : new ModelKit(reference, descriptor, read.ManifestBytes, read.Manifest, read.Config);

    private static KitException Damaged(string display, Exception cause) =>
        new($"{display} in the local store is damaged: {cause.Message}. Remove it (kit remove {display}, or kit storage repair for every such entry) and pack or pull it again", cause);

    /// <summary>A stored manifest, parsed, with its config; the config is null when the manifest is not a ModelKit's.</summary>
    private (byte[] ManifestBytes, Manifest Manifest, byte[]? Config) Read(Digest manifestDigest, CancellationToken ct)
    {
        // Two small local files: read synchronously (also under the index lock, where nothing may wait on the store).
        var manifestBytes = Store.Layout.ReadAllBytesVerified(manifestDigest, cancellationToken: ct);
        var manifest = Manifest.Parse(manifestBytes);
        if (!ModelKitMediaTypes.IsModelKit(manifest))
            return (manifestBytes, manifest, null);
        var config = Store.Layout.ReadAllBytesVerified(manifest.Config.Digest, cancellationToken: ct);
        return (manifestBytes, manifest, config);
    }
}
