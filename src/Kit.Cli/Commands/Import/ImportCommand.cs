using System.CommandLine;
using Kit.Cli.Output;
using Kit.Cli.Commands.Version;
using Kit.Core;
using Kit.Core.Client;
using Kit.Core.Generation;
using Kit.Core.HuggingFace;
using Kit.Core.Kitfiles;

namespace Kit.Cli.Commands.Import;

/// <summary>
/// <c>kit import REPOSITORY</c>: a Hugging Face repository into the local store, through the Hub's HTTP API, pinned to
/// one commit, downloading only what the Kitfile packs (and what <c>--include</c>/<c>--exclude</c> keep), resuming
/// and verifying every file.
/// </summary>
public static class ImportCommand
{
    public static Command Create(CommandHandler handler)
    {
        var repositoryArgument = new Argument<string>("REPOSITORY") { Description = "org/repo, datasets/org/repo, or its https://huggingface.co URL" };
        var gitRef = new Option<string>("--ref") { Description = "Branch, tag or commit to import", DefaultValueFactory = _ => "main" };
        var token = new Option<string?>("--token") { Description = "Hugging Face token (default $HF_TOKEN)" };
        var tag = new Option<string?>("--tag", "-t") { Description = "Name for the ModelKit (default org/repo:latest, lower case)" };
        var file = new Option<string?>("--file", "-f") { Description = "Kitfile to use ('-' reads stdin); default: the repository's, else one generated as kit init does" };
        var depth = new Option<int>("--depth") { Description = "As kit init --depth, for a generated Kitfile (-1: every file individually)" };
        var concurrency = new Option<int>("--concurrency") { Description = "Files downloaded at a time", DefaultValueFactory = _ => 5 };
        var include = new Option<string[]>("--include") { Description = "Import only files matching this glob (repeatable; '*' stays in one path segment, '**' crosses them)" };
        var exclude = new Option<string[]>("--exclude") { Description = "Leave out files matching this glob (repeatable)" };
        var tool = new Option<string>("--tool") { Description = "How to fetch: hf (the Hub's HTTP API)", DefaultValueFactory = _ => "hf" };
        var attestation = new Option<string?>("--attestation-output")
        {
            Description = "Write the SLSA provenance predicate of the import to this file ('-': stdout), e.g. for cosign attest --predicate",
        };
        var command = new VerbCommand("import", "Import a Hugging Face model or dataset repository as a modelkit")
            { repositoryArgument, gitRef, token, tag, file, depth, concurrency, include, exclude, tool, attestation };
        command.Examples =
        [
            "kit import Qwen/Qwen3-0.6B                                          # tag qwen/qwen3-0.6b:latest",
            "kit import https://huggingface.co/org/model --ref v1.0 -t mymodel:1.0",
            "kit import unsloth/Qwen3-8B-GGUF --include '*Q4_K_M*' --include '*.md'   # one quantization",
            "kit import datasets/org/reviews --exclude 'raw/**' --token \"$HF_TOKEN\"",
            "kit import org/model --attestation-output provenance.json        # SLSA provenance of the import",
        ];
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var startedOn = DateTimeOffset.UtcNow;
            using var provenanceFile = AttestationFile.Open(parse.GetValue(attestation), ctx.WorkingDirectory);
            if (parse.GetValue(tool) is { } t && t != "hf")
                throw new KitException(t == "git"
                    ? "--tool git is not supported yet: use --tool hf (the default)"
                    : "invalid value for --tool flag. Valid options are: git, hf");
            var workers = parse.GetValue(concurrency);
            if (workers < 1) throw new KitException($"invalid argument for concurrency ({workers}): must be at least 1");
            var value = parse.GetValue(repositoryArgument)!;
            HuggingFaceRepository repository;
            try
            {
                repository = HuggingFaceRepository.Parse(value);
            }
            catch (KitException e)
            {
                throw new KitException($"could not process repository {value}: {e.Message}", e);
            }
            var name = parse.GetValue(tag);
            if (name is null)
            {
                name = repository.Id.ToLowerInvariant() + ":latest";
                ctx.Log.Info($"Using tag {name}. Use flag --tag to override");
            }
            else
            {
                CommonArguments.NoTagNotice(ctx, CommonArguments.ParseReference(name, "tag"), name, "No tag or digest provided with --tag flag");
            }
            CommonArguments.ParseReference(name, "tag");

            using var http = new HttpClient { Timeout = TimeSpan.FromHours(1) };
            var hub = new HuggingFaceHub(http, HuggingFaceHub.Endpoint(ctx.Variable), parse.GetValue(token) ?? ctx.Variable("HF_TOKEN"));
            var revision = parse.GetValue(gitRef)!;
            var commit = await Prefixed($"failed to pin commit for {repository}@{revision}", hub.PinAsync(repository, revision, ct)).ConfigureAwait(false);
            var filter = new HubFileFilter(parse.GetValue(include) ?? [], parse.GetValue(exclude) ?? []);
            var files = (await Prefixed("failed to list files from HuggingFace API", hub.ListFilesAsync(repository, commit, ct)).ConfigureAwait(false))
                .Where(f => filter.Keeps(f.Path)).ToList();
            foreach (var f in files.Where(f => !IsSafePath(f.Path)))
                throw new KitException($"the Hub lists a file outside the repository: {f.Path}");
            if (files.Count == 0)
                throw new KitException($"no file of {repository} at {revision} is left by --include/--exclude");

            var directory = Path.Combine(ctx.Home.Cache, "import", $"{repository.Owner}--{repository.Name}--{commit}");
            var downloader = new HubDownloader(hub, repository, commit);
            var kitfileText = await KitfileTextAsync(ctx, parse.GetValue(file), files, downloader, directory, repository, parse.GetValue(depth), ct)
                .ConfigureAwait(false);
            var selected = Packed(KitfileYaml.Read(kitfileText), files);
            ctx.Log.Info($"Downloading {selected.Count} files of {repository} at {commit}");
            Directory.CreateDirectory(directory);
            await Parallel.ForEachAsync(selected, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = ct }, async (f, token) =>
            {
                ctx.Log.Info($"Downloading file {f.Path}");
                await downloader.DownloadAsync(f, Path.Combine(directory, f.Path), token).ConfigureAwait(false);
            }).ConfigureAwait(false);
            RemoveUnselected(directory, selected);

            ctx.Log.Info($"Packing model to {name}");
            using var kit = RegistryAccess.Client(ctx);
            var packed = await kit.PackAsync(directory, new PackOptions { KitfileText = kitfileText, Tag = name }, cancellationToken: ct).ConfigureAwait(false);
            var result = $"Model is packed as {name} ({packed.Digest})";
            if (provenanceFile is null)
            {
                ctx.Out.WriteLine(result);
            }
            else
            {
                ctx.Log.Info(result);
                var config = (await kit.InspectAsync(name, cancellationToken: ct).ConfigureAwait(false)).Manifest.Config.Digest;
                var predicate = new ImportProvenance(repository, commit, config, VersionCommand.CliVersion, startedOn, DateTimeOffset.UtcNow).ToJson();
                provenanceFile.Commit(predicate, ctx.Out);
                ctx.Log.Info($"ModelKit manifest digest: {packed.Digest}");
            }
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ctx.Log.Warn($"could not remove the import directory {directory}: {e.Message}");
            }
            return 0;
        });
        return command;
    }

    /// <summary>The Kitfile from <c>-f</c>, else the repository's own, else one generated from the file listing.</summary>
    private static async Task<string> KitfileTextAsync(CliContext ctx, string? file, List<HubFile> files, HubDownloader downloader, string directory,
        HuggingFaceRepository repository, int depth, CancellationToken ct)
    {
        if (file == "-") return await ctx.In.ReadToEndAsync(ct).ConfigureAwait(false);
        if (file is not null) return await File.ReadAllTextAsync(Path.GetFullPath(file, ctx.WorkingDirectory), ct).ConfigureAwait(false);
        if (files.FirstOrDefault(f => KitfileLocator.DefaultNames.Contains(f.Path)) is { } own)
        {
            var path = Path.Combine(directory, own.Path);
            await downloader.DownloadAsync(own, path, ct).ConfigureAwait(false);
            return await File.ReadAllTextAsync(path, ct).ConfigureAwait(false);
        }
        return KitfileGenerator.Generate(repository, files, new KitfileGenerationOptions { Depth = depth }, ctx.Log.Warn).ToYaml();
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

    /// <summary>Files an earlier import of the same commit left that this one does not pack (other --include patterns).</summary>
    private static void RemoveUnselected(string directory, List<HubFile> selected)
    {
        var keep = selected.Select(f => Path.GetFullPath(Path.Combine(directory, f.Path))).ToHashSet(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Where(p => !keep.Contains(p)))
            File.Delete(path);
    }

    private static bool IsSafePath(string path) =>
        path.Length > 0 && !path.StartsWith('/') && !path.Contains('\\', StringComparison.Ordinal) && path.Split('/').All(s => s is not ("" or "." or ".."));

    private static async Task<T> Prefixed<T>(string what, Task<T> task)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is KitException or HttpRequestException)
        {
            throw new KitException($"{what}: {e.Message}", e);
        }
    }
}
