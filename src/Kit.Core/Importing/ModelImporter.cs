using Kit.Core.Generation;
using Kit.Core.HuggingFace;
using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Importing;

/// <summary>
/// <c>kit import</c>: one commit of a Hugging Face or git repository into the local store. Only the files the Kitfile
/// packs (and <c>--include</c>/<c>--exclude</c> keep) are downloaded, each verified, into a directory of the cache
/// that a failed import leaves for the next one to resume; that directory is packed and then removed.
/// </summary>
/// <param name="store">Where the ModelKit goes.</param>
/// <param name="clients">For parents a Kitfile's <c>model.path</c> names.</param>
/// <param name="environment">Reads <c>HF_ENDPOINT</c>.</param>
/// <param name="cache">The import cache (<c>$KITOPS_HOME/cache/import</c>).</param>
internal sealed class ModelImporter(LocalModelKits store, RegistryClients clients, Func<string, string?> environment, string cache)
{
    public async Task<ImportResult> ImportAsync(ImportRequest request, IImportObserver observer, CancellationToken cancellationToken)
    {
        if (request.Concurrency < 1) throw new KitException($"invalid argument for concurrency ({request.Concurrency}): must be at least 1");
        var useGit = request.Tool == ImportTool.Git || (request.Tool == ImportTool.Auto && !IsHuggingFace(request.Repository));
        var name = request.Tag ?? DefaultName(request.Repository, useGit);
        if (request.Tag is null) observer.Info($"Using tag {name}. Use flag --tag to override");
        var reference = ModelReference.Parse(name);

        using var http = new HttpClient { Timeout = TimeSpan.FromHours(1) };
        var (snapshot, directory) = useGit
            ? await OpenGitAsync(request, observer, cancellationToken).ConfigureAwait(false)
            : await OpenHubAsync(http, request, cancellationToken).ConfigureAwait(false);

        var filter = new HubFileFilter(request.Include, request.Exclude);
        var files = snapshot.Files.Where(f => filter.Keeps(f.Path)).ToList();
        foreach (var f in files.Where(f => !IsSafePath(f.Path)))
            throw new KitException($"the repository lists a file outside it: {f.Path}");
        if (files.Count == 0)
            throw new KitException($"no file of {request.Repository} at {request.Revision} is left by --include/--exclude");

        var kitfileText = request.KitfileText
            ?? (files.FirstOrDefault(f => KitfileLocator.DefaultNames.Contains(f.Path)) is { } own
                ? await snapshot.ReadTextAsync(own, cancellationToken).ConfigureAwait(false)
                : KitfileGenerator.Generate(snapshot.Names, files, new KitfileGenerationOptions { Depth = request.Depth }, observer.Warn).ToYaml());
        var selected = Packed(KitfileYaml.Read(kitfileText), files);
        observer.Info($"Downloading {selected.Count} files of {request.Repository} at {snapshot.Commit}");
        Directory.CreateDirectory(directory);
        await snapshot.FetchAsync(selected, observer, cancellationToken).ConfigureAwait(false);
        RemoveUnselected(directory, selected);

        observer.Info($"Packing model to {name}");
        var manifest = await ModelKitPacker.ForStore(store, clients, observer).PackAsync(new PackRequest
        {
            ContextDirectory = directory,
            Kitfile = new KitfileSource(kitfileText, null),
            Reference = reference,
            Format = request.Format,
            // The directory is deleted after the pack: its files are the import's to give away.
            GiveAwayFiles = true,
            CliVersion = request.CliVersion,
            Created = request.Created,
            Environment = environment,
        }, cancellationToken).ConfigureAwait(false);
        var config = Manifest.Parse(await store.Store.Layout.ReadAllBytesVerifiedAsync(manifest.Digest, cancellationToken: cancellationToken).ConfigureAwait(false)).Config;
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            observer.Warn($"could not remove the import directory {directory}: {e.Message}");
        }
        return new ImportResult(name, manifest, config.Digest, snapshot.SourceUri, snapshot.Commit);
    }

    private async Task<(IRepositorySnapshot, string)> OpenHubAsync(HttpClient http, ImportRequest request, CancellationToken cancellationToken)
    {
        HuggingFaceRepository repository;
        try
        {
            repository = HuggingFaceRepository.Parse(request.Repository);
        }
        catch (KitException e)
        {
            throw new KitException($"could not process repository {request.Repository}: {e.Message}", e);
        }
        var hub = new HuggingFaceHub(http, HuggingFaceHub.Endpoint(environment), request.Token);
        return await HubSnapshot.OpenAsync(hub, repository, request.Revision, cache, request.Concurrency, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(IRepositorySnapshot, string)> OpenGitAsync(ImportRequest request, IImportObserver observer, CancellationToken cancellationToken)
    {
        // Short names (org/repo) are Hugging Face repositories, as for the hf tool.
        var url = IsHttpUrl(request.Repository, out var uri) ? uri : new Uri(HuggingFaceHub.Endpoint(environment), request.Repository.Trim('/'));
        return await GitSnapshot.OpenAsync(url, request.Revision, request.Token, cache, observer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A repository named without a host, or on a Hugging Face host, is read through the Hub's API; other URLs with git.</summary>
    private static bool IsHuggingFace(string repository) =>
        !IsHttpUrl(repository, out var uri) || uri.Host.Contains("huggingface", StringComparison.OrdinalIgnoreCase);

    private static bool IsHttpUrl(string value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https";

    /// <summary><c>org/repo:latest</c> in lower case: a Hugging Face repository's id, else a URL's two path segments.</summary>
    private static string DefaultName(string repository, bool git)
    {
        string id;
        try
        {
            id = git && IsHttpUrl(repository, out var uri) && !IsHuggingFace(repository)
                ? TwoSegments(uri)
                : HuggingFaceRepository.Parse(repository).Id;
        }
        catch (KitException e)
        {
            throw new KitException($"could not generate a tag from {repository}: {e.Message}; use flag --tag to set a tag for ModelKit", e);
        }
        return id.ToLowerInvariant() + ":latest";
    }

    private static string TwoSegments(Uri url)
    {
        var segments = url.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 2 || segments.Any(s => s.Length == 0))
            throw new KitException($"expected a URL with two path segments (org/repo), got '{url.AbsolutePath.Trim('/')}'");
        return segments[0] + "/" + (segments[1].EndsWith(".git", StringComparison.Ordinal) ? segments[1][..^4] : segments[1]);
    }

    /// <summary>The files some layer of the Kitfile packs: under a layer path by whole segments (<c>.</c> is everything), never a top-level Kitfile.</summary>
    private static List<HubFile> Packed(Kitfile kitfile, List<HubFile> files)
    {
        var paths = KitfileLayers.Of(kitfile).Where(l => l.HasLayer).Select(l => KitfilePath.Clean(l.Path)).ToList();
        return
        [
            .. files.Where(f => !KitfileLocator.DefaultNames.Contains(f.Path)
                                && paths.Any(p => p == "." || f.Path == p || f.Path.StartsWith(p + "/", StringComparison.Ordinal))),
        ];
    }

    /// <summary>Files an earlier import of the same commit left (or the clone brought) that this one does not pack.</summary>
    private static void RemoveUnselected(string directory, List<HubFile> selected)
    {
        var keep = selected.Select(f => Path.GetFullPath(Path.Combine(directory, f.Path))).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Where(p => !keep.Contains(p)).ToList())
            File.Delete(path);
    }

    private static bool IsSafePath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal) && path.Split('/').All(s => s is not ("" or "." or ".."));
}
