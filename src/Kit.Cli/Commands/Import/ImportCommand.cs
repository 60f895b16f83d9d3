using System.CommandLine;
using Kit.Cli.Output;
using Kit.Cli.Commands.Version;
using Kit.Core;
using Kit.Core.Importing;
using Kit.Core.Packing;

namespace Kit.Cli.Commands.Import;

/// <summary><c>kit import REPOSITORY</c>: a Hugging Face or git repository into the local store (see <see cref="ModelImporter"/>).</summary>
public static class ImportCommand
{
    public static Command Create(CommandHandler handler)
    {
        var repositoryArgument = new Argument<string>("REPOSITORY") { Description = "org/repo, datasets/org/repo, its https://huggingface.co URL, or any git repository's URL" };
        var gitRef = new Option<string>("--ref") { Description = "Branch, tag or commit to import", DefaultValueFactory = _ => "main" };
        var token = new Option<string?>("--token") { Description = "Hugging Face token, or the password git sends (default $HF_TOKEN)" };
        var tag = new Option<string?>("--tag", "-t") { Description = "Name for the ModelKit (default org/repo:latest, lower case)" };
        var file = new Option<string?>("--file", "-f") { Description = "Kitfile to use ('-' reads stdin); default: the repository's, else one generated as kit init does" };
        var depth = new Option<int>("--depth") { Description = "As kit init --depth, for a generated Kitfile (-1: every file individually)" };
        var concurrency = new Option<int>("--concurrency") { Description = "Files downloaded at a time (hf)", DefaultValueFactory = _ => 5 };
        var include = new Option<string[]>("--include") { Description = "Import only files matching this glob (repeatable; '*' stays in one path segment, '**' crosses them)" };
        var exclude = new Option<string[]>("--exclude") { Description = "Leave out files matching this glob (repeatable)" };
        var tool = new Option<string>("--tool") { Description = "How to fetch: hf (the Hub's HTTP API) or git (git clone and git lfs pull); default: hf for Hugging Face repositories, git for other URLs", DefaultValueFactory = _ => "auto" };
        tool.CompletionSources.Add("hf", "git");
        var attestation = new Option<string?>("--attestation-output")
        {
            Description = "Write the SLSA provenance predicate of the import to this file ('-': stdout), e.g. for cosign attest --predicate",
        };
        var layerFormat = new Option<string>("--layer-format")
        {
            Description = "Layer format, as kit pack: tar, or raw (each single-file entry stored as it is: the downloaded file is moved into the store, not copied)",
            DefaultValueFactory = _ => "tar",
        };
        var command = new VerbCommand("import", "Import a Hugging Face model or dataset repository as a modelkit")
            { repositoryArgument, gitRef, token, tag, file, depth, concurrency, include, exclude, tool, attestation, layerFormat };
        command.Examples =
        [
            "kit import Qwen/Qwen3-0.6B                                          # tag qwen/qwen3-0.6b:latest",
            "kit import https://huggingface.co/org/model --ref v1.0 -t mymodel:1.0",
            "kit import unsloth/Qwen3-8B-GGUF --include '*Q4_K_M*' --include '*.md'   # one quantization",
            "kit import datasets/org/reviews --exclude 'raw/**' --token \"$HF_TOKEN\"",
            "kit import org/model --attestation-output provenance.json        # SLSA provenance of the import",
            "kit import https://git.example.com/team/model.git --ref v2 -t model:2   # any git repository with Git LFS",
            "kit import org/model --layer-format raw                         # weights moved into the store, no second copy",
        ];
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var startedOn = DateTimeOffset.UtcNow;
            var format = LayerFormatExtensions.ParseLayerFormat(parse.GetValue(layerFormat) ?? "tar");
            using var provenanceFile = AttestationFile.Open(parse.GetValue(attestation), ctx.WorkingDirectory);
            var name = parse.GetValue(tag);
            if (name is not null)
                CommonArguments.NoTagNotice(ctx, CommonArguments.ParseReference(name, "tag"), name, "No tag or digest provided with --tag flag");
            var request = new ImportRequest
            {
                Repository = parse.GetValue(repositoryArgument)!,
                Revision = parse.GetValue(gitRef)!,
                Token = parse.GetValue(token) ?? ctx.Variable("HF_TOKEN"),
                Tool = parse.GetValue(tool) switch
                {
                    "auto" => ImportTool.Auto,
                    "hf" => ImportTool.HuggingFace,
                    "git" => ImportTool.Git,
                    _ => throw new KitException("invalid value for --tool flag. Valid options are: git, hf"),
                },
                Tag = name,
                KitfileText = await KitfileTextAsync(ctx, parse.GetValue(file), ct).ConfigureAwait(false),
                Depth = parse.GetValue(depth),
                Concurrency = parse.GetValue(concurrency),
                Include = parse.GetValue(include) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                Format = format,
                CliVersion = VersionCommand.CliVersion,
                Created = SourceDateEpoch.CreationTime(ctx.Variable(SourceDateEpoch.Variable), DateTimeOffset.UtcNow),
            };

            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            using var clients = RegistryAccess.OpenClients(ctx, RegistryAccess.DefaultSettings);
            var importer = new ModelImporter(store, clients, ctx.Variable, Path.Combine(ctx.Home.Cache, "import"));
            var imported = await LiveProgress.RunAsync(ctx, live => importer.ImportAsync(request, new ImportLog(ctx.Log, live), ct)).ConfigureAwait(false);

            var result = $"Model is packed as {imported.Name} ({imported.Manifest.Digest})";
            if (provenanceFile is null)
            {
                ctx.Out.WriteLine(result);
                return 0;
            }
            ctx.Log.Info(result);
            var predicate = new ImportProvenance(imported.SourceUri, imported.Commit, imported.ConfigDigest, VersionCommand.CliVersion, startedOn,
                DateTimeOffset.UtcNow).ToJson();
            provenanceFile.Commit(predicate, ctx.Out);
            ctx.Log.Info($"ModelKit manifest digest: {imported.Manifest.Digest}");
            return 0;
        });
        return command;
    }

    /// <summary>The Kitfile <c>-f</c> names (<c>-</c>: stdin); null for the repository's own or a generated one.</summary>
    private static async Task<string?> KitfileTextAsync(CliContext ctx, string? file, CancellationToken ct) => file switch
    {
        null => null,
        "-" => await ctx.In.ReadToEndAsync(ct).ConfigureAwait(false),
        _ => await File.ReadAllTextAsync(Path.GetFullPath(file, ctx.WorkingDirectory), ct).ConfigureAwait(false),
    };
}
