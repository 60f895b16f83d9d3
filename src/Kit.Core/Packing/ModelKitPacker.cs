using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.RemoteDatasets;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary>
/// <c>kit pack</c>: every layer is planned (walked and checked) before any byte is stored, then streamed into
/// its <see cref="IPackDestination"/> (the local store, or a registry for <c>--push</c>), which cleans up after a
/// failure so nothing half-done stays behind.
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

    /// <summary>How many layers are written at the same time: one per core, as hashing one blob keeps one core busy.</summary>
    public int LayerConcurrency { get; init; } = Environment.ProcessorCount;

    public Task<Descriptor> PackAsync(PackRequest request, CancellationToken ct = default) =>
        PackAsync(request, () => new StorePackDestination(store, observer), ct);

    /// <summary>Packs into <paramref name="destination"/>, made once everything has been planned.</summary>
    public async Task<Descriptor> PackAsync(PackRequest request, Func<IPackDestination> destination, CancellationToken ct = default)
    {
        if (!Directory.Exists(request.ContextDirectory))
            throw new KitException($"context directory {request.ContextDirectory} does not exist");
        if (request.Reference.IsDigestReference)
            throw new KitException($"cannot tag a packed modelkit with a digest ({request.Reference}): use repository:tag");

        var kitfile = KitfileYaml.Read(request.Kitfile.Text);
        KitfileValidator.Validate(kitfile, observer.Warn);
        await new S3DatasetVerifier(request.Environment ?? System.Environment.GetEnvironmentVariable).VerifyAsync(kitfile, observer.Info, ct).ConfigureAwait(false);
        var chain = await ModelKitChain.ResolveAsync(kitfile, request.Reference, parents ?? new LocalModelKits(store), ct).ConfigureAwait(false);

        var layers = Plan(request, kitfile, chain.ParentLayerPaths);
        var target = destination();
        await using var _ = target.ConfigureAwait(false);
        try
        {
            var written = await WriteLayersAsync(layers, request, target, ct).ConfigureAwait(false);
            var descriptors = layers.Select((layer, i) => written[i].Layer with { Annotations = LayerAnnotations(layer) }).ToList();
            var digests = written.Select(w => (w.Layer.Digest, w.DiffId)).ToList();

            var kitfileJson = KitfileJson.Write(KitfileLayers.WithDigests(kitfile, digests));
            var created = request.Created ?? SourceDateEpoch.CreationTime(null, DateTimeOffset.UtcNow);
            var annotations = new Dictionary<string, string>
            {
                [ModelKitAnnotations.CliVersion] = ModelKitAnnotations.CliVersionValue(request.CliVersion),
                [OciAnnotations.Created] = SourceDateEpoch.Format(created),
            };
            var configJson = kitfileJson;
            if (request.Artifact == ArtifactFormat.ModelPack)
            {
                // model-spec's config cannot hold a Kitfile, so KitOps keeps it whole in the manifest.
                annotations[ModelKitAnnotations.Kitfile] = System.Text.Encoding.UTF8.GetString(kitfileJson);
                configJson = ModelPackConfig.Write(kitfile, [.. digests.Select(d => d.Item2)], created);
            }
            var config = await target.PutConfigAsync(ModelKitMediaTypes.ConfigOf(request.Artifact), configJson, ct).ConfigureAwait(false);
            var manifest = new Manifest(config, descriptors)
            {
                MediaType = MediaTypes.ImageManifest,
                ArtifactType = ModelKitMediaTypes.ArtifactTypeOf(request.Artifact),
                Annotations = annotations,
            };
            return await target.PutManifestAsync(manifest.ToJsonBytes(), request.Reference, ct).ConfigureAwait(false);
        }
        catch
        {
            await target.AbandonAsync().ConfigureAwait(false);
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
            var (format, compression) = entry.Kind.IsBundle ? (LayerFormat.Raw, LayerCompression.None) : (request.Format, request.Compression);
            var mediaType = ModelKitMediaTypes.Layer(entry.Kind, format, compression, request.Artifact);
            if (entry.Kind.IsBundle)
            {
                planned.Add(new PlannedLayer(entry.Kind, McpBundle.Plan(context, entry.Name ?? "", path), format, compression, mediaType));
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
            planned.Add(new PlannedLayer(entry.Kind, plan, format, compression, mediaType));
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

    /// <summary>
    /// A raw, uncompressed layer is its file's bytes, so a file the caller gives away is moved into the store as the blob;
    /// only a regular file with no other name is, so that no other path can change a stored blob.
    /// </summary>
    private static async Task<Descriptor?> TryAdoptAsync(PlannedLayer layer, string type, string mediaType, IPackDestination target, IPackObserver log,
        CancellationToken ct)
    {
        if (layer.Format != LayerFormat.Raw || layer.Compression != LayerCompression.None
            || layer.Plan.Entries is not [{ IsDirectory: false } file]
            || !FileStatus.TryRead(file.FullPath, out var status) || !status.IsRegularFile || status.Links != 1)
            return null;
        var adopted = await target.AdoptFileAsync(type, mediaType, file.FullPath, log, ct).ConfigureAwait(false);
        if (adopted is not null && adopted.Size != file.Size)
            throw new PackingException($"{file.FullPath} changed while it was packed ({file.Size} bytes when listed, {adopted.Size} when stored); pack again");
        return adopted;
    }

    /// <summary>
    /// Writes up to <see cref="LayerConcurrency"/> layers at the same time, each line of the log still in layer order.
    /// A zstd layer compresses on every core by itself, with buffers per core: two at once keep the cores busy across
    /// layer boundaries without multiplying that memory by the number of cores.
    /// </summary>
    private async Task<(Descriptor Layer, Digest DiffId)[]> WriteLayersAsync(List<PlannedLayer> layers, PackRequest request, IPackDestination target, CancellationToken ct)
    {
        var written = new (Descriptor, Digest)[layers.Count];
        var logs = new OrderedLayerLogs(observer, layers.Count);
        var options = new ParallelOptions { MaxDegreeOfParallelism = request.Compression == LayerCompression.Zstd ? Math.Min(2, LayerConcurrency) : LayerConcurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(Enumerable.Range(0, layers.Count), options, async (i, token) =>
        {
            written[i] = await WriteLayerAsync(layers[i], request, target, logs.For(i), token).ConfigureAwait(false);
            logs.Finish(i);
        }).ConfigureAwait(false);
        return written;
    }

    private static async Task<(Descriptor Layer, Digest DiffId)> WriteLayerAsync(PlannedLayer layer, PackRequest request, IPackDestination target,
        IPackObserver log, CancellationToken ct)
    {
        var type = layer.Kind.MediaTypeBase;
        var compression = layer.Compression;
        var mediaType = layer.MediaType;
        var stamp = LayerRecords.Stamp(layer.Plan, mediaType, compression);
        var description = $"{type} {layer.Plan.LayerPath}";
        if (stamp is not null && !request.Reread && await target.TryReuseAsync(stamp, ct).ConfigureAwait(false) is { } known)
        {
            await target.AddReusedLayerAsync(type, known.Layer, log, ct).ConfigureAwait(false);
            log.LayerSaved(description, known.Layer);
            return (known.Layer, known.DiffId);
        }

        var progress = log.LayerStarted(description, layer.Plan.TotalFileSize);
        if (request.GiveAwayFiles && await TryAdoptAsync(layer, type, mediaType, target, log, ct).ConfigureAwait(false) is { } adopted)
        {
            progress?.Report(layer.Plan.TotalFileSize);
            log.LayerSaved(description, adopted);
            return (adopted, adopted.Digest);
        }
        var readStarted = LayerRecords.NowNs();
        var output = await target.BeginLayerAsync(log, ct).ConfigureAwait(false);
        await using var _ = output.ConfigureAwait(false);
        var result = await LayerWriter.WriteAsync(layer.Plan, output.Stream, layer.Format, compression, progress, ct).ConfigureAwait(false);
        var descriptor = await output.CommitAsync(type, mediaType, ct).ConfigureAwait(false);
        // An empty layer reports no bytes: its row finishes here.
        progress?.Report(layer.Plan.TotalFileSize);
        log.LayerSaved(description, descriptor);
        var diffId = result.DiffId ?? descriptor.Digest;
        if (stamp is not null)
            target.Remember(stamp, new LayerRecord(descriptor, diffId, readStarted));
        return (descriptor, diffId);
    }
}
