using Kit.Core.Format;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Oci;

namespace Kit.Core.Store;

/// <summary>ModelKit-level operations on the local store, addressed by <see cref="ModelReference"/>.</summary>
internal sealed class LocalModelKits(LocalModelStore store) : IModelKitSource
{
    public LocalModelStore Store { get; } = store;

    public async Task<ModelKit?> TryResolveAsync(ModelReference reference, CancellationToken ct = default)
    {
        var descriptor = await Store.ResolveAsync(reference.FullRepository, reference.TagOrDigest, ct).ConfigureAwait(false);
        if (descriptor is null) return null;
        var (manifestBytes, manifest, config) = await ReadAsync(descriptor.Digest, ct).ConfigureAwait(false);
        if (config is null)
            throw new KitException($"{reference.Display} exists but is not a modelkit (config media type {manifest.Config.MediaType})");
        return new ModelKit(reference, descriptor, manifestBytes, manifest, config);
    }

    public async Task<ModelKit> ResolveAsync(ModelReference reference, CancellationToken ct = default) =>
        await TryResolveAsync(reference, ct).ConfigureAwait(false) ?? throw new ModelKitNotFoundException(reference);

    /// <summary>A stored kit has every layer in the store already, so <paramref name="selectLayers"/> changes nothing.</summary>
    public Task<ModelKit> OpenAsync(ModelReference reference, Func<ModelKit, IReadOnlySet<Digest>>? selectLayers = null,
        CancellationToken cancellationToken = default) => ResolveAsync(reference, cancellationToken);

    /// <summary>Every manifest of every repository, sorted by repository then digest.</summary>
    public async Task<IReadOnlyList<ModelKitListing>> ListAsync(CancellationToken ct = default)
    {
        var stored = await Store.ListAsync(ct).ConfigureAwait(false);
        var rows = new List<ModelKitListing>();
        foreach (var entry in stored.Where(s => s.Repository.Length > 0))
        {
            if (entry.Descriptor.MediaType != MediaTypes.ImageManifest) continue;
            var (_, manifest, config) = await ReadAsync(entry.Descriptor.Digest, ct).ConfigureAwait(false);
            if (config is null) continue;
            var (name, author) = ModelKitSummary.NameAndAuthor(config);
            var tags = entry.Tags.OrderBy(t => t, StringComparer.Ordinal).ToList();
            rows.Add(new ModelKitListing(entry.Repository, entry.Descriptor.Digest, tags, name, author, manifest.Layers.Sum(l => l.Size)));
        }
        return rows.OrderBy(r => r.Repository, StringComparer.Ordinal).ThenBy(r => r.Digest.Hex, StringComparer.Ordinal).ToList();
    }

    /// <summary><c>kit tag</c>: the manifest's blobs are already shared, so this only writes index entries.</summary>
    public async Task<ModelKit> TagAsync(ModelReference source, ModelReference target, CancellationToken ct = default)
    {
        var kit = await ResolveAsync(source, ct).ConfigureAwait(false);
        if (target.IsDigestReference)
            throw new KitException($"cannot tag {source.Display} as {target}: the target needs a tag, not a digest");
        await Store.TagAsync(target.FullRepository, target.Tag ?? ModelReference.DefaultTag, kit.ManifestDescriptor, ct).ConfigureAwait(false);
        return kit;
    }

    /// <summary>A stored manifest, parsed, with its config; the config is null when the manifest is not a ModelKit's.</summary>
    private async Task<(byte[] ManifestBytes, Manifest Manifest, byte[]? Config)> ReadAsync(Digest manifestDigest, CancellationToken ct)
    {
        var manifestBytes = await Store.Layout.ReadAllBytesVerifiedAsync(manifestDigest, cancellationToken: ct).ConfigureAwait(false);
        var manifest = Manifest.Parse(manifestBytes);
        if (manifest.Config.MediaType != ModelKitMediaTypes.Config)
            return (manifestBytes, manifest, null);
        var config = await Store.Layout.ReadAllBytesVerifiedAsync(manifest.Config.Digest, cancellationToken: ct).ConfigureAwait(false);
        return (manifestBytes, manifest, config);
    }
}
