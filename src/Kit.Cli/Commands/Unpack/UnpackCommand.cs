using System.CommandLine;
using Kit.Core;
using Kit.Cli.Output;
using Kit.Core.Skills;
using Kit.Core.Unpacking;

namespace Kit.Cli.Commands.Unpack;

/// <summary><c>kit unpack MODELKIT</c>: from the local store, else from its registry.</summary>
public static class UnpackCommand
{
    /// <summary>A string flag that may stand alone (then it means <c>auto</c>), as cobra's NoOptDefVal: agents must follow an <c>=</c>.</summary>
    internal const string AsSkill = "--as-skill";

    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string>("MODELKIT") { Description = "[registry/]repository[:tag|@digest]" };
        var dir = new Option<string?>("--dir", "-d") { Description = "The target directory (default: the current directory)" };
        var overwrite = new Option<bool>("--overwrite", "-o") { Description = "Overwrite existing files" };
        var ignoreExisting = new Option<bool>("--ignore-existing", "-i") { Description = "Keep existing files and unpack the rest" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Unpack only type1,type2[:id1,id2] (kitfile, model, datasets, code, prompts, docs, mcpservers); repeatable", AllowMultipleArgumentsPerToken = false };
        var label = Index.IndexCommand.LabelOption("Select the ModelKit of a ModelKit index by label: key=value; repeatable");
        var includeRemote = new Option<bool>("--include-remote")
        {
            Description = "Also fetch datasets stored outside the modelkit: S3 objects (S3_API_ENDPOINT, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_KEY or AWS credentials) and datasets of referenced modelkits",
        };
        var kitfile = new Option<bool>("--kitfile") { Description = "Deprecated: use --filter kitfile" };
        var model = new Option<bool>("--model") { Description = "Deprecated: use --filter model" };
        var code = new Option<bool>("--code") { Description = "Deprecated: use --filter code" };
        var datasets = new Option<bool>("--datasets") { Description = "Deprecated: use --filter datasets" };
        var docs = new Option<bool>("--docs") { Description = "Deprecated: use --filter docs" };
        var asSkill = new Option<string?>(AsSkill)
        {
            Description = "Install the prompts that hold a SKILL.md as skills for coding agents instead of unpacking files (--as-skill=agent1,agent2; default: the agents installed here)",
        };
        var command = new VerbCommand("unpack", "Extract all or part of a modelkit into a directory")
        {
            modelkit, dir, overwrite, ignoreExisting, filter, label, includeRemote, kitfile, model, code, datasets, docs, asSkill,
        };
        command.Examples =
        [
            "kit unpack sentiment:0.1.0 -d /tmp/sentiment              # everything, Kitfile included",
            "kit unpack sentiment:0.1.0 -d out --filter model          # model and its parts only",
            "kit unpack sentiment:0.1.0 -d out --filter datasets:reviews --filter docs:README.md",
            "kit unpack registry.example.com/team/sentiment:0.1.0 -d out --filter model   # not stored: from the registry",
            "kit unpack llama:3-8b -l quantization=q4_0 -d out         # from an index: the ModelKit with that label",
            "kit unpack sentiment:0.1.0 -d out --include-remote        # with its datasets kept in S3 or in other modelkits",
            "kit unpack team/skills:1.0 --as-skill                     # its SKILL.md prompts, for every coding agent installed here",
            "kit unpack team/skills:1.0 --as-skill=claude-code -d .    # for Claude Code, into this project",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var settings = network.Read(parse, ctx);
            var arg = parse.GetValue(modelkit)!;
            var reference = CommonArguments.ParseReference(arg);
            if (reference.HasExtraTags) throw new KitException("can not unpack multiple tags");
            var selector = Kit.Core.Indexes.IndexLabels.ParseSelector(parse.GetValue(label) ?? []);
            CommonArguments.NoTagNotice(ctx, reference, arg, "No tag specified for unpack");
            UnpackFilterSet filters;
            try
            {
                filters = UnpackFilterSet.FromOptions(parse.GetValue(filter) ?? [],
                    parse.GetValue(kitfile), parse.GetValue(model), parse.GetValue(code), parse.GetValue(datasets), parse.GetValue(docs));
            }
            catch (FormatException ex)
            {
                throw new KitException(ex.Message, ex);
            }
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            var target = await RegistryAccess.Indexes(ctx, store, clients, Kit.Core.Transfer.NullTransferObserver.Instance)
                .ResolveUnpackTargetAsync(reference, selector, ct).ConfigureAwait(false);
            if (parse.GetValue(asSkill) is { } agents)
            {
                if (parse.GetValue(overwrite) && parse.GetValue(ignoreExisting))
                    throw new KitException("Invalid arguments: --overwrite and --ignore-existing cannot be used together");
                var skills = new SkillInstallRequest
                {
                    Reference = target,
                    Filters = filters,
                    Agents = agents,
                    // Skills go to a project only when -d names one; otherwise to the user's agent directories.
                    ProjectDirectory = parse.GetValue(dir) is { } d ? Path.GetFullPath(d, ctx.WorkingDirectory) : null,
                    Existing = parse.GetValue(overwrite) ? ExistingSkill.Overwrite : parse.GetValue(ignoreExisting) ? ExistingSkill.Skip : ExistingSkill.Fail,
                    Environment = ctx.Variable,
                };
                return await TransferProgress.RunAsync(ctx, async observer =>
                {
                    await RegistryAccess.Transfers(ctx, store, clients, observer).InstallSkillsAsync(skills, ctx.Log.Warn, ct).ConfigureAwait(false);
                    return 0;
                }).ConfigureAwait(false);
            }
            var request = new UnpackRequest
            {
                Reference = target,
                TargetDirectory = Path.GetFullPath(parse.GetValue(dir) ?? ".", ctx.WorkingDirectory),
                Filters = filters,
                Overwrite = parse.GetValue(overwrite),
                IgnoreExisting = parse.GetValue(ignoreExisting),
                IncludeRemote = parse.GetValue(includeRemote),
                Environment = ctx.Variable,
                Warn = ctx.Log.Warn,
            };
            // Only layers missing from the store are downloaded, so a local unpack normally shows no transfers.
            await LiveProgress.RunAsync(ctx, async live =>
            {
                var rows = live is null ? null : new ByteRows(live, "Reading", "Unpacked");
                await RegistryAccess.Transfers(ctx, store, clients, TransferProgress.For(ctx, live))
                    .UnpackAsync(request with { LayerStarted = rows is null ? null : rows.Start }, ct).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
