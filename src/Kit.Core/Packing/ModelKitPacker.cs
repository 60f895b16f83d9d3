using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary>
/// <c>kit pack</c>: every layer is planned (walked and checked) before any byte is stored, then streamed
/// into the store under a lease so a concurrent <c>kit remove</c> cannot collect it before the manifest is
/// indexed. A failure collects whatever this pack stored, so nothing half-done stays behind.
/// </summary>
/// <remarks>
/// A <c>model.path</c> naming another ModelKit produces no model layer: the parents are resolved through
/// <paramref name="parents"/> (local store only when null) to validate the merged Kitfile and to keep files under
/// their layer paths out of this kit, and the config keeps the reference as written.
/// </remarks>
internal sealed class ModelKitPacker(LocalModelStore store, IPackObserver observer, IModelKitSource? parents = null)
{
    /// <summary>
    /// The packer <c>kit pack</c> and <see cref="Client.KitClient.PackAsync"/> use: parents named by <c>model.path</c> come
    /// from the store, else from their registry through <paramref name="clients"/>.
    /// </summary>
    public static ModelKitPacker ForStore(LocalModelKits store, Remote.RegistryClients clients, IPackObserver observer) =>
        new(store.Store, observer, new LocalThenRemoteModelKits(store, new Remote.RemoteModelKits(clients)));

    public async Task<Descriptor> PackAsync(PackRequest request, CancellationToken ct = default)
    {
        if (!Directory.Exists(request.ContextDirectory))
            throw new KitException($"context directory {request.ContextDirectory} does not exist");
        if (request.Reference.IsDigestReference)
            throw new KitException($"cannot tag a packed modelkit with a digest ({request.Reference}): use repository:tag");

        var kitfile = KitfileYaml.Read(request.Kitfile.Text);
        KitfileValidator.Validate(kitfile, observer.Warn);
        var chain = await ModelKitChain.ResolveAsync(kitfile, request.Reference, parents ?? new LocalModelKits(store), ct).ConfigureAwait(false);

        var layers = Plan(request, kitfile, chain.ParentLayerPaths);
        var lease = store.Layout.BeginLease();
        try
        {
            var descriptors = new List<Descriptor>(layers.Count);
            var digests = new List<(Digest, Digest)>(layers.Count);
            foreach (var layer in layers)
            {
                var (descriptor, diffId) = await WriteLayerAsync(layer, request, lease, ct).ConfigureAwait(false);
                descriptors.Add(descriptor with { Annotations = LayerAnnotations(layer) });
                digests.Add((descriptor.Digest, diffId));
            }

            var configJson = KitfileJson.Write(KitfileLayers.WithDigests(kitfile, digests));
            var configStored = store.Layout.Exists(Digest.Compute(configJson));
            var config = await store.Layout.PutBytesAsync(ModelKitMediaTypes.Config, configJson, lease, ct).ConfigureAwait(false);
            observer.Info(configStored ? $"Configuration already exists in storage: {config.Digest}" : $"Saved configuration: {config.Digest}");
            var manifest = new Manifest(config, descriptors)
            {
                MediaType = MediaTypes.ImageManifest,
                ArtifactType = ModelKitMediaTypes.ManifestArtifactType,
                Annotations = new Dictionary<string, string>
                {
                    [ModelKitAnnotations.CliVersion] = ModelKitAnnotations.CliVersionValue(request.CliVersion),
                    [OciAnnotations.Created] = SourceDateEpoch.Format(request.Created ?? SourceDateEpoch.CreationTime(null, DateTimeOffset.UtcNow)),
                },
            };
            var manifestJson = manifest.ToJsonBytes();
            var manifestStored = store.Layout.Exists(Digest.Compute(manifestJson));
            var manifestDescriptor = await store.Layout.PutBytesAsync(MediaTypes.ImageManifest, manifestJson, lease, ct).ConfigureAwait(false);
            observer.Info(manifestStored
                ? $"Manifest already exists in storage: {manifestDescriptor.Digest}"
                : $"Saved manifest to storage: {manifestDescriptor.Digest}");

            var reference = request.Reference;
            var tags = reference == ModelReference.Unnamed ? [] : reference.AllTags.ToList();
            await store.AddManifestAsync(reference.FullRepository, manifestDescriptor, tags, ct).ConfigureAwait(false);
            await lease.DisposeAsync().ConfigureAwait(false);
            return manifestDescriptor;
        }
        catch
        {
            await lease.DisposeAsync().ConfigureAwait(false);
            await CollectQuietlyAsync().ConfigureAwait(false);
            throw;
        }
    }

    private List<PlannedLayer> Plan(PackRequest request, Kitfile kitfile, IEnumerable<string> parentLayerPaths)
    {
        var context = request.ContextDirectory;
        var entries = KitfileLayers.Of(kitfile).Where(e => e.HasLayer).ToList();
        var rules = new LayerIgnoreRules(KitIgnore.Load(context), entries.Select(e => e.Path).Concat(parentLayerPaths));
        var planned = new List<PlannedLayer>(entries.Count);
        foreach (var entry in entries)
        {
            var (type, path) = (entry.Kind.MediaTypeBase, entry.Path);
            if (entry.Kind.IsBundle)
            {
                planned.Add(new PlannedLayer(entry.Kind, McpBundle.Plan(context, entry.Name ?? "", path), LayerFormat.Raw, LayerCompression.None));
                continue;
            }
            LayerPlan plan;
            try
            {
                plan = request.Format == LayerFormat.Raw
                    ? LayerWalker.PlanFile(context, path)
                    : LayerWalker.Plan(context, path, rules, observer.Warn);
            }
            catch (PackingException ex)
            {
                throw new PackingException($"error processing {type} layer {path}: {ex.Message}", ex);
            }
            if (plan.LayerPathIgnored) observer.Warn($"{type} layer path {path} ignored by kitignore");
            else if (plan.NoFilesDetected && request.Format == LayerFormat.Tar) observer.Warn($"No files detected in {type} layer with path {path}");
            planned.Add(new PlannedLayer(entry.Kind, plan, request.Format, request.Compression));
        }
        return planned;
    }

    /// <summary>
    /// The Kitfile path (Go-cleaned) on every layer, the subtype of kinds that share a media type, and for a raw layer
    /// its file's metadata (mode, size, modification time in this machine's zone), as KitOps writes them.
    /// </summary>
    private static Dictionary<string, string> LayerAnnotations(PlannedLayer layer)
    {
        var annotations = new Dictionary<string, string> { [ModelKitAnnotations.FilePath] = GoPath.Clean(layer.Plan.LayerPath) };
        if (layer.Kind.Subtype is { } subtype)
            annotations[ModelKitAnnotations.LayerSubtype] = subtype;
        if (layer.Format == LayerFormat.Raw)
        {
            var file = layer.Plan.Entries[0];
            var modifiedNs = FileStatus.TryRead(file.FullPath, out var status)
                ? status.ModifiedNs
                : (File.GetLastWriteTimeUtc(file.FullPath) - DateTime.UnixEpoch).Ticks * 100;
            annotations[RawFileMetadata.Annotation] =
                new RawFileMetadata(Path.GetFileName(file.FullPath), file.Mode & 0x1FF, file.Size, modifiedNs).ToJson(TimeZoneInfo.Local);
        }
        return annotations;
    }

    private async Task<(Descriptor Layer, Digest DiffId)> WriteLayerAsync(PlannedLayer layer, PackRequest request, Oci.Layout.StoreLease lease, CancellationToken ct)
    {
        var type = layer.Kind.MediaTypeBase;
        var compression = layer.Compression;
        var mediaType = layer.MediaType;
        var records = new LayerRecords(store.Layout);
        var stamp = LayerRecords.Stamp(layer.Plan, mediaType, compression);
        if (stamp is not null && !request.Reread && await records.TryReuseAsync(stamp, lease, ct).ConfigureAwait(false) is { } known)
        {
            observer.Info($"Already saved {type} layer: {known.Layer.Digest}");
            observer.LayerSaved(type, known.Layer);
            return (known.Layer, known.DiffId);
        }

        var progress = observer.LayerStarted($"{type} {layer.Plan.LayerPath}", layer.Plan.TotalFileSize);
        var readStarted = LayerRecords.NowNs();
        var writer = store.Layout.BeginBlobWrite(lease);
        await using var _ = writer.ConfigureAwait(false);
        var result = await LayerWriter.WriteAsync(layer.Plan, writer, layer.Format, compression, progress, ct).ConfigureAwait(false);
        var descriptor = await writer.CommitAsync(mediaType, cancellationToken: ct).ConfigureAwait(false) with { Annotations = null };
        observer.Info(writer.AlreadyStored ? $"Already saved {type} layer: {descriptor.Digest}" : $"Saved {type} layer: {descriptor.Digest}");
        observer.LayerSaved(type, descriptor);
        var diffId = result.DiffId ?? descriptor.Digest;
        if (stamp is not null)
            records.Remember(stamp, new LayerRecord(descriptor, diffId, readStarted));
        return (descriptor, diffId);
    }

    private async Task CollectQuietlyAsync()
    {
        try
        {
            await store.CollectGarbageAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Leftovers are collected by the next remove; the original error is what the user needs.
        }
    }
}
