using System.Security.Cryptography;
using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.Packing;
using Kit.Core.RemoteDatasets;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Unpacking;

/// <summary>
/// <c>kit unpack</c> from the local store: the Kitfile, then each selected layer in manifest
/// order, every layer hashed while it is extracted.
/// </summary>
/// <remarks>
/// A kit whose <c>model.path</c> names another ModelKit gets the models of its ancestors first, oldest first,
/// into the same directory; a parent's Kitfile, code, datasets and docs are never unpacked.
/// </remarks>
/// <param name="kits">The local store the kit and its layers are read from.</param>
/// <param name="info">Progress lines for people ("Unpacking to ...").</param>
/// <param name="parents">Where parents come from; the local store only when null.</param>
internal sealed class ModelKitUnpacker(LocalModelKits kits, Action<string> info, IModelKitSource? parents = null)
{
    private readonly IModelKitSource _parents = parents ?? kits;

    public async Task UnpackAsync(UnpackRequest request, CancellationToken ct = default) =>
        await UnpackAsync(await kits.ResolveAsync(request.Reference, ct).ConfigureAwait(false), request, ct).ConfigureAwait(false);

    /// <summary>The digests of the layers <paramref name="filters"/> selects, so a remote unpack downloads only those.</summary>
    public static IReadOnlySet<Digest> SelectLayers(ModelKit kit, UnpackFilterSet filters)
    {
        var selected = new HashSet<Digest>();
        foreach (var match in KitfileLayerMatcher.Match(kit.Kitfile, kit.Manifest))
        {
            if (filters.Includes(match.Entry))
                selected.Add(match.Layer.Digest);
        }
        return selected;
    }

    /// <summary>Unpacks a kit whose blobs are in the local store (named in its index or not).</summary>
    public async Task UnpackAsync(ModelKit kit, UnpackRequest request, CancellationToken ct = default)
    {
        var kitfile = kit.Kitfile;
        var target = Path.GetFullPath(request.TargetDirectory);
        if (kit.CarriedKitfile.Synthesized)
            request.Warn?.Invoke("Artifact does not include Kitfile: functionality may be impacted");
        WarnAboutUnmatchedFilters(kitfile, request);
        var chain = new ModelKitReferenceChain(kit.Reference.Display, [kit.Reference], kit.Digest);
        // Parents are opened (and their selected layers downloaded) first, so the conflict check covers their layers too.
        var parentRequest = request.Filters.ForParentModel() is { } parentFilters ? request with { Filters = parentFilters } : null;
        var (parents, opening) = parentRequest is null ? ([], []) : await OpenParentsAsync(kitfile, parentRequest.Filters, chain, ct).ConfigureAwait(false);
        try
        {
            if (!request.Overwrite && !request.IgnoreExisting && Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                await RefuseConflictsAsync(kit, parents, target, request, parentRequest, ct).ConfigureAwait(false);
            info($"Unpacking to {target}");
            Directory.CreateDirectory(target);

            foreach (var line in opening)
                info(line);
            // Oldest first, so a nearer ancestor's files win.
            for (var i = parents.Count - 1; i >= 0; i--)
                await UnpackLayersAsync(parents[i], target, parentRequest!, ct).ConfigureAwait(false);

            if (WritesKitfile(kit, request))
                await WriteKitfileAsync(kitfile, target, request.Overwrite, ct).ConfigureAwait(false);
            await UnpackLayersAsync(kit, target, request, ct).ConfigureAwait(false);
            if (request.IncludeRemote)
                await UnpackRemoteDatasetsAsync(kit, target, request, new ModelKitReferenceChain(kit.Reference.Display, [kit.Reference], kit.Digest), ct)
                    .ConfigureAwait(false);
        }
        finally
        {
            foreach (var parent in parents)
                await parent.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void WarnAboutUnmatchedFilters(Kitfile kitfile, UnpackRequest request)
    {
        if (request.Warn is not { } warn) return;
        var entries = KitfileLayers.Of(kitfile);
        if (!request.IncludeRemote && entries.Any(e => !e.HasLayer && e.Kind == LayerKind.Dataset && request.Filters.Includes(e)))
            warn("ModelKit contains remote datasets. To unpack, specify the --include-remote flag");
        foreach (var filter in request.Filters.Filters)
        {
            if (filter.Selects(UnpackFilterType.Kitfile)) continue;
            if (!entries.Any(e => filter.Matches(e.Kind.Filter, e.Name) || filter.Matches(e.Kind.Filter, e.Path)))
                warn($"filter --filter={filter} matches nothing in the modelkit");
        }
    }

    /// <summary>
    /// The selected datasets whose <c>remotePath</c> names an S3 object (downloaded to the dataset's path) or a ModelKit
    /// (whose datasets are unpacked into that path, and so on down its own remote datasets, cycles refused).
    /// </summary>
    private async Task UnpackRemoteDatasetsAsync(ModelKit kit, string target, UnpackRequest request, ModelKitReferenceChain chain, CancellationToken ct)
    {
        foreach (var (dataset, kind) in SelectedRemoteDatasets(kit, request.Filters))
        {
            switch (kind)
            {
                case KitfilePathKind.S3:
                    var downloader = new S3DatasetDownloader(request.Environment ?? System.Environment.GetEnvironmentVariable);
                    var written = await downloader.DownloadAsync(dataset.RemotePath, dataset.RemoteHash, dataset.Path, target, request.Overwrite,
                        request.IgnoreExisting, size => request.LayerStarted?.Invoke(LayerKind.Dataset.DisplayName, dataset.Name ?? dataset.Path, size), ct)
                        .ConfigureAwait(false);
                    if (written is not null) info($"Downloaded remote S3 dataset for path {dataset.Path}");
                    break;
                case KitfilePathKind.ModelKitReference when ModelKitReferenceDetector.TryParse(dataset.RemotePath, out var reference):
                    var branch = chain.Branch();
                    branch.Add(dataset.RemotePath, reference);
                    var referenced = await OpenReferencedAsync(reference, dataset.RemotePath, DatasetsOnly, ct).ConfigureAwait(false);
                    await using (referenced.ConfigureAwait(false))
                    {
                        branch.Resolved(referenced.Digest);
                        var directory = new ExtractionTarget(target).Resolve(dataset.Path);
                        info($"Unpacking referenced dataset ModelKit {dataset.RemotePath} to {dataset.Path}");
                        var datasets = request with { Filters = DatasetsOnly };
                        await UnpackLayersAsync(referenced, directory, datasets, ct).ConfigureAwait(false);
                        await UnpackRemoteDatasetsAsync(referenced, directory, datasets, branch, ct).ConfigureAwait(false);
                    }
                    break;
                default:
                    // Kitfile validation refuses every other remote path when the kit is packed or read.
                    throw new KitException($"only S3 URLs and ModelKit references are supported for remote dataset paths ({dataset.RemotePath})");
            }
        }
    }

    /// <summary>The datasets with a <c>remotePath</c> that <paramref name="filters"/> select, with what the path names.</summary>
    private static IEnumerable<(DatasetEntry Dataset, KitfilePathKind Kind)> SelectedRemoteDatasets(ModelKit kit, UnpackFilterSet filters) =>
        (kit.Kitfile.Datasets ?? [])
            .Where(d => d.RemotePath.Length > 0 && filters.Includes(LayerKind.Dataset, d.Name, d.Path))
            .Select(d => (d, KitfilePathType.Of(d.RemotePath, out _)));

    private static readonly UnpackFilterSet DatasetsOnly = UnpackFilterSet.Of(UnpackFilter.Create([UnpackFilterType.Datasets]));

    private async Task<ModelKit> OpenReferencedAsync(ModelReference reference, string written, UnpackFilterSet filters, CancellationToken ct)
    {
        try
        {
            return await _parents.OpenAsync(reference, k => SelectLayers(k, filters), ct).ConfigureAwait(false);
        }
        catch (KitException e)
        {
            throw new ParentResolutionException(written, e);
        }
    }

    /// <summary>A Kitfile made up from a ModelPack's layers is not written: it was never part of what was packed.</summary>
    private static bool WritesKitfile(ModelKit kit, UnpackRequest request) => request.Filters.IncludesKitfile && !kit.CarriedKitfile.Synthesized;

    /// <summary>
    /// Without -o or -i an existing file is an error; every selected layer, the parents' included, is checked before
    /// anything is written, so a conflict in the last layer does not leave the first ones unpacked.
    /// </summary>
    private async Task RefuseConflictsAsync(ModelKit kit, IReadOnlyList<ModelKit> parents, string target, UnpackRequest request,
        UnpackRequest? parentRequest, CancellationToken ct)
    {
        var existing = new List<string>();
        var kitfilePath = Path.Combine(target, "Kitfile");
        if (WritesKitfile(kit, request) && File.Exists(kitfilePath)
            && await File.ReadAllTextAsync(kitfilePath, ct).ConfigureAwait(false) != KitfileYaml.Write(kit.Kitfile))
            existing.Add(kitfilePath);
        foreach (var parent in parents)
            await FindExistingAsync(parent, target, parentRequest!.Filters, existing, ct).ConfigureAwait(false);
        await FindExistingAsync(kit, target, request.Filters, existing, ct).ConfigureAwait(false);
        if (request.IncludeRemote)
        {
            foreach (var (dataset, _) in SelectedRemoteDatasets(kit, request.Filters).Where(d => d.Kind == KitfilePathKind.S3))
            {
                var path = new ExtractionTarget(target).Resolve(dataset.Path);
                if (ExtractionTarget.Probe(path) != PathKind.Missing) existing.Add(path);
            }
        }
        if (existing.Count > 0)
            throw new TarExtractionException(TarExtractionError.PathExists,
                existing.Count == 1 ? $"path '{existing[0]}' already exists" : $"path '{existing[0]}' and {existing.Count - 1} more already exist");
    }

    /// <summary>Adds to <paramref name="existing"/> the paths of <paramref name="kit"/>'s selected layers that exist under <paramref name="target"/>.</summary>
    private async Task FindExistingAsync(ModelKit kit, string target, UnpackFilterSet filters, List<string> existing, CancellationToken ct)
    {
        IReadOnlyList<MatchedLayer> matches;
        try
        {
            matches = KitfileLayerMatcher.Match(kit.Kitfile, kit.Manifest);
        }
        catch (KitException)
        {
            // A config and manifest that do not pair up are reported by the unpack itself.
            matches = [];
        }
        foreach (var (entry, layer, parsed) in matches)
        {
            if (!filters.Includes(entry) || !kits.Store.Layout.Exists(layer.Digest)) continue;
            var baseDirectory = entry.Digest is null ? OldFormatBase(target, entry.Path) : target;
            if (parsed.Format == LayerFormat.Raw)
            {
                try
                {
                    var path = RawLayerExtractor.Destination(layer, target);
                    if (ExtractionTarget.Probe(path) != PathKind.Missing) existing.Add(path);
                }
                catch (TarExtractionException)
                {
                    // Reported by the extraction itself.
                }
                continue;
            }
            var blob = kits.Store.Layout.OpenRead(layer.Digest);
            await using (blob.ConfigureAwait(false))
            {
                try
                {
                    existing.AddRange(await SafeTarExtractor.FindExistingAsync(blob, baseDirectory, parsed.Compression, ct).ConfigureAwait(false));
                }
                catch (Exception e) when (e is TarExtractionException or InvalidDataException or ContentIntegrityException)
                {
                    // A damaged layer is reported by the extraction itself, with its own message.
                }
            }
        }
    }

    /// <summary>
    /// The parents named by <c>model.path</c>, newest first, each holding its selected layers in the store until
    /// disposed; and the lines that announce them.
    /// </summary>
    private async Task<(List<ModelKit> Parents, List<string> Lines)> OpenParentsAsync(Kitfile kitfile, UnpackFilterSet filters, ModelKitReferenceChain chain,
        CancellationToken ct)
    {
        var opened = new List<ModelKit>();
        var lines = new List<string>();
        try
        {
            await foreach (var step in ParentChainWalk.NewestFirstAsync(kitfile, chain, async (reference, token) =>
            {
                var parent = await _parents.OpenAsync(reference, k => SelectLayers(k, filters), token).ConfigureAwait(false);
                opened.Add(parent);
                return parent;
            }, ct).ConfigureAwait(false))
            {
                lines.Add($"Unpacking referenced modelkit {step.Written}");
            }
            return (opened, lines);
        }
        catch
        {
            foreach (var parent in opened)
                await parent.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task UnpackLayersAsync(ModelKit kit, string target, UnpackRequest request, CancellationToken ct)
    {
        foreach (var (entry, layer, parsed) in KitfileLayerMatcher.Match(kit.Kitfile, kit.Manifest))
        {
            var kind = entry.Kind;
            if (!request.Filters.Includes(entry)) continue;
            if (entry.Digest is { } configured && configured != layer.Digest)
                throw new KitException($"digest in config and manifest do not match in {kind.MediaTypeBase} layer {entry.Path}: {configured} vs {layer.Digest}");

            info($"Unpacking {kind.DisplayName}{(entry.Name is { } name ? " " + name : "")} to {entry.Path}");
            // Layers without digest in the config come from KitOps before v0.5, whose entries are relative to the
            // layer path's parent directory.
            var baseDirectory = entry.Digest is null ? OldFormatBase(target, entry.Path) : target;
            var progress = request.LayerStarted?.Invoke(kind.DisplayName, entry.Name ?? entry.Path, layer.Size);
            await ExtractAsync(kits.Store.Layout, layer, parsed, baseDirectory, request, progress, ct).ConfigureAwait(false);
        }
    }

    private static async Task ExtractAsync(OciLayoutStore layout, Descriptor layer, LayerMediaType parsed, string directory,
        UnpackRequest request, IProgress<long>? progress, CancellationToken ct)
    {
        var kind = parsed.Kind;
        var path = layout.GetBlobPath(layer.Digest);
        if (!layout.TryGetSize(layer.Digest, out var size))
            throw new KitException($"{layer.Digest}: {kind.MediaTypeBase} layer blob is missing from local storage; pull or pack the modelkit again");
        if (size != layer.Size)
            throw Corrupt(layer, kind, $"size {size} instead of {layer.Size}");

        var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 0, Options = FileOptions.SequentialScan });
        Stream source = progress is null ? file : Oci.Content.ForwardingReadStream.Over(file, progress: progress);
        await using (source.ConfigureAwait(false))
        {
            try
            {
                var options = new TarExtractionOptions
                {
                    Overwrite = request.Overwrite,
                    IgnoreExisting = request.IgnoreExisting,
                    Compression = parsed.Compression,
                    ExpectedDigest = layer.Digest,
                };
                if (parsed.Format == LayerFormat.Raw)
                    await RawLayerExtractor.ExtractAsync(source, layer, directory, options, path, ct).ConfigureAwait(false);
                else
                    await SafeTarExtractor.ExtractAsync(source, directory, options, ct).ConfigureAwait(false);
            }
            catch (TarExtractionException ex) when (ex.Error == TarExtractionError.DigestMismatch)
            {
                throw Corrupt(layer, kind, "digest mismatch");
            }
            catch (TarExtractionException ex) when (ex.Error == TarExtractionError.InvalidArchive && !HasDigest(path, layer.Digest))
            {
                // An unreadable archive whose bytes do not hash to its name is a damaged blob, not a bad ModelKit.
                throw Corrupt(layer, kind, "digest mismatch");
            }
        }
    }

    private static KitException Corrupt(Descriptor layer, LayerKind kind, string why) =>
        new($"{layer.Digest}: {kind.MediaTypeBase} layer blob in local storage is corrupt ({why}); remove the modelkit and pack or pull it again");

    private static bool HasDigest(string path, Digest digest)
    {
        using var stream = File.OpenRead(path);
        return Digest.FromHash(SHA256.HashData(stream)) == digest;
    }

    private static string OldFormatBase(string target, string layerPath)
    {
        var parent = Path.GetDirectoryName(KitfilePath.Clean(layerPath)) ?? "";
        var full = Path.GetFullPath(Path.Combine(target, parent));
        if (full != target && !full.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new KitException($"layer path {layerPath} points outside the target directory {target}");
        return full;
    }

    private async Task WriteKitfileAsync(Kitfile kitfile, string target, bool overwrite, CancellationToken ct)
    {
        var path = Path.Combine(target, "Kitfile");
        var yaml = KitfileYaml.Write(kitfile);
        if (File.Exists(path) || Directory.Exists(path))
        {
            if (Directory.Exists(path) || File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
                throw new KitException($"failed to unpack config: path {path} exists and is not a regular file");
            if (!overwrite)
            {
                if (await File.ReadAllTextAsync(path, ct).ConfigureAwait(false) == yaml)
                {
                    info($"Found existing Kitfile at {path}");
                    return;
                }
                throw new KitException($"failed to unpack config: path {path} already exists and differs from the modelkit's Kitfile; use -o to overwrite or -i to keep it");
            }
        }
        info($"Unpacking config to {path}");
        var temp = path + ".kit-tmp";
        await File.WriteAllTextAsync(temp, yaml, ct).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }
}
