using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Indexes;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Transfer;

namespace Kit.Cli.Commands.Index;

/// <summary>
/// <c>kit index create|add|remove|delete|list|info|inspect|push|pull</c>: ModelKit indexes, which group variants of a
/// model of one repository under one reference; <c>kit pull -l</c> and <c>kit unpack -l</c> select from them by label.
/// </summary>
public static class IndexCommand
{
    public static Command Create(CommandHandler handler)
    {
        var command = new Command("index",
            "Manage ModelKit indexes. A ModelKit index groups variants of a model under a single reference. Use 'kit pull -l' or 'kit unpack -l' "
            + "to select a ModelKit from an index by label.")
        {
            CreateVerb(handler), AddVerb(handler), RemoveVerb(handler), DeleteVerb(handler), ListVerb(handler),
            InfoVerb(handler), InspectVerb(handler), PushVerb(handler), PullVerb(handler),
        };
        return command;
    }

    private static VerbCommand CreateVerb(CommandHandler handler)
    {
        var index = IndexArgument();
        var verb = new VerbCommand("create", "Create an empty ModelKit index in the local store") { index };
        verb.Examples = ["kit index create registry.example.com/team/llama:3-8b"];
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var reference = IndexReference(ctx, parse.GetValue(index)!);
            var created = await (await IndexesAsync(ctx).ConfigureAwait(false)).CreateAsync(reference, ct).ConfigureAwait(false);
            ctx.Out.WriteLine($"Created index {reference} (digest {created.Digest})");
            return 0;
        });
        return verb;
    }

    private static VerbCommand AddVerb(CommandHandler handler)
    {
        var index = IndexArgument();
        var modelkit = new Argument<string>("MODELKIT") { Description = "The ModelKit to add, in the index's repository: repository:tag or repository@digest" };
        var remote = new Option<bool>("--remote", "-r") { Description = "Resolve the ModelKit in its registry instead of the local store" };
        var label = LabelOption("Set a label: key=value (a string), key:=<json> (any JSON value), key- (remove); repeatable");
        var annotate = new Option<string[]>("--annotate") { Description = "Set an annotation: key=value, key- (remove); repeatable", AllowMultipleArgumentsPerToken = false };
        var verb = new VerbCommand("add", "Add a ModelKit to an index, or change the labels of one it lists") { index, modelkit, remote, label, annotate };
        verb.Examples =
        [
            "kit index add llama:3-8b llama:3-8b-q4 -l quantization=q4_0 -l vram=6GB",
            "kit index add llama:3-8b llama@sha256:<hex> -l 'targetAccelerator:=[\"cuda\",\"metal\"]'",
            "kit index add llama:3-8b llama:3-8b-q4 -l vram-                 # remove a label",
            "kit index add registry.example.com/team/llama:3-8b registry.example.com/team/llama:3-8b-f16 -r",
        ];
        var network = NetworkOptions.AddTo(verb);
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var reference = IndexReference(ctx, parse.GetValue(index)!);
            var kitArg = parse.GetValue(modelkit)!;
            var kit = ExplicitReference(kitArg, "ModelKit");
            var labels = IndexLabels.ParseLabelEdits(parse.GetValue(label) ?? []);
            var annotations = IndexLabels.ParseAnnotationEdits(parse.GetValue(annotate) ?? []);
            var isRemote = parse.GetValue(remote);
            using var clients = isRemote ? RegistryAccess.OpenClients(ctx, network.Read(parse, ctx)) : null;
            var added = await (await IndexesAsync(ctx, clients).ConfigureAwait(false)).AddAsync(reference, kit, isRemote, labels, annotations, ct).ConfigureAwait(false);
            ctx.Out.WriteLine($"Added {kit} to index {reference} (digest {added.Digest})");
            return 0;
        });
        return verb;
    }

    private static VerbCommand RemoveVerb(CommandHandler handler)
    {
        var index = IndexArgument();
        var modelkit = new Argument<string>("MODELKIT") { Description = "The entry: sha256:<digest>, repository@digest, or a tag of the local store" };
        var verb = new VerbCommand("remove", "Remove a ModelKit from an index (the ModelKit itself is kept)") { index, modelkit };
        verb.Examples = ["kit index remove llama:3-8b llama:3-8b-q4", "kit index remove llama:3-8b sha256:<hex>"];
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var reference = IndexReference(ctx, parse.GetValue(index)!);
            var kitArg = parse.GetValue(modelkit)!;
            if (!Kit.Oci.Digest.TryParse(kitArg, out _))
                ExplicitReference(kitArg, "ModelKit");
            var (removed, updated) = await (await IndexesAsync(ctx).ConfigureAwait(false)).RemoveAsync(reference, kitArg, ct).ConfigureAwait(false);
            var shown = Kit.Oci.Digest.TryParse(kitArg, out _) ? removed.ToString() : kitArg;
            ctx.Out.WriteLine($"Removed {shown} from index {reference} (digest {updated.Digest})");
            return 0;
        });
        return verb;
    }

    private static VerbCommand DeleteVerb(CommandHandler handler)
    {
        var index = new Argument<string?>("INDEX") { Arity = ArgumentArity.ZeroOrOne, Description = "[registry/]repository:tag or @digest" };
        var force = new Option<bool>("--force", "-f") { Description = "Delete the index even if other tags name it" };
        var all = new Option<bool>("--all", "-a") { Description = "Delete every untagged index (with --force: every index)" };
        var verb = new VerbCommand("delete", "Delete an index from the local store (the ModelKits it lists are kept)") { index, force, all };
        verb.Examples = ["kit index delete llama:3-8b", "kit index delete llama:3-8b --force   # with all its tags", "kit index delete --all"];
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var arg = parse.GetValue(index);
            var isAll = parse.GetValue(all);
            var isForce = parse.GetValue(force);
            if (isAll && arg is not null) throw new KitException("index should not be specified when --all flag is used");
            if (!isAll && arg is null) throw new KitException("index is required for delete unless --all is specified");
            var indexes = await IndexesAsync(ctx).ConfigureAwait(false);
            if (isAll)
            {
                foreach (var removed in await indexes.DeleteAllAsync(isForce, ct).ConfigureAwait(false))
                    ctx.Out.WriteLine($"Deleted index {ModelReference.FormatRepositoryForDisplay(removed.Repository)}@{removed.Descriptor.Digest}");
                return 0;
            }
            var reference = CommonArguments.ParseReference(arg, "index");
            RejectExtraTags(reference);
            if (!reference.IsTagExplicit && !reference.IsDigestReference)
                throw new KitException($"tag or digest is required when deleting an index ('{arg}:<tag>')");
            var (digest, untaggedOnly, tags) = await indexes.DeleteAsync(reference, isForce, ct).ConfigureAwait(false);
            if (untaggedOnly)
            {
                ctx.Out.WriteLine($"Untagged index {reference} (digest {digest})");
                return 0;
            }
            ctx.Out.WriteLine($"Deleted index {reference} (digest {digest})");
            if (tags.Count > 0)
                ctx.Out.WriteLine($"Removed tags: {string.Join(", ", tags)}");
            return 0;
        });
        return verb;
    }

    private static VerbCommand ListVerb(CommandHandler handler)
    {
        var format = new Option<string>("--format") { Description = "Output format: table or json", DefaultValueFactory = _ => "table" };
        var verb = new VerbCommand("list", "List the ModelKit indexes in the local store") { format };
        verb.Examples = ["kit index list", "kit index list --format json"];
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var output = parse.GetValue(format);
            if (output is not ("table" or "json"))
                throw new KitException($"unsupported format \"{output}\": must be table or json");
            IndexOutput.WriteList(ctx.Out, await (await IndexesAsync(ctx).ConfigureAwait(false)).ListAsync(ct).ConfigureAwait(false), output);
            return 0;
        });
        return verb;
    }

    private static VerbCommand InfoVerb(CommandHandler handler)
    {
        var index = IndexArgument();
        var remote = RemoteOption();
        var verb = new VerbCommand("info", "Show the ModelKits of an index with their sizes, labels and annotations") { index, remote };
        verb.Examples = ["kit index info llama:3-8b", "kit index info -r registry.example.com/team/llama:3-8b"];
        var network = NetworkOptions.AddTo(verb);
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var (found, indexes, clients) = await GetAsync(parse, ctx, index, remote, network, ct).ConfigureAwait(false);
            using (clients)
                await IndexOutput.WriteInfoAsync(ctx.Out, found, indexes, ct).ConfigureAwait(false);
            return 0;
        });
        return verb;
    }

    private static VerbCommand InspectVerb(CommandHandler handler)
    {
        var index = IndexArgument();
        var remote = RemoteOption();
        var verb = new VerbCommand("inspect", "Print an index's JSON") { index, remote };
        verb.Examples = ["kit index inspect llama:3-8b", "kit index inspect -r registry.example.com/team/llama:3-8b"];
        var network = NetworkOptions.AddTo(verb);
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var (found, _, clients) = await GetAsync(parse, ctx, index, remote, network, ct).ConfigureAwait(false);
            clients?.Dispose();
            ctx.Out.WriteLine(RawJson.Indent(System.Text.Encoding.UTF8.GetString(found.Content)));
            return 0;
        });
        return verb;
    }

    private static VerbCommand PushVerb(CommandHandler handler)
    {
        var source = new Argument<string>("SOURCE") { Description = "Local index: registry/repository[:tag]" };
        var destination = new Argument<string?>("DESTINATION") { Arity = ArgumentArity.ZeroOrOne, Description = "Where to push it (default: SOURCE)" };
        var verb = new VerbCommand("push", "Upload an index and every ModelKit it lists to a registry") { source, destination };
        verb.Examples =
        [
            "kit index push registry.example.com/team/llama:3-8b",
            "kit index push llama:3-8b registry.example.com/team/llama:3-8b   # SOURCE DESTINATION (same repository name)",
        ];
        var network = NetworkOptions.AddTo(verb);
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var srcArg = parse.GetValue(source)!;
            var src = CommonArguments.ParseReference(srcArg, "source");
            RejectExtraTags(src);
            DefaultTagNotice(ctx, src, srcArg, "push");
            var dstArg = parse.GetValue(destination);
            var dst = dstArg is null ? src : CommonArguments.ParseReference(dstArg, "destination");
            RejectExtraTags(dst);
            if (dstArg is not null && !dst.IsTagExplicit && !dst.IsDigestReference)
                ctx.Log.Info($"No tag specified for push target. Using 'latest' as default ('{dstArg}:latest')");
            var settings = network.Read(parse, ctx);
            ctx.Log.Info(dstArg is null ? $"Pushing index {dst}" : $"Pushing index {src} to {dst}");
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            var pushed = await TransferProgress.RunAsync(ctx, observer =>
                RegistryAccess.Indexes(ctx, store, clients, observer).PushAsync(src, dst, ct)).ConfigureAwait(false);
            ctx.Out.WriteLine($"Pushed index {pushed.Digest}");
            return 0;
        });
        return verb;
    }

    private static VerbCommand PullVerb(CommandHandler handler)
    {
        var index = IndexArgument();
        var verb = new VerbCommand("pull", "Download an index and every ModelKit it lists from a registry") { index };
        verb.Examples = ["kit index pull registry.example.com/team/llama:3-8b", "kit index pull registry.example.com/team/llama@sha256:<hex>"];
        var network = NetworkOptions.AddTo(verb);
        handler.Bind(verb, async (parse, ctx, ct) =>
        {
            var arg = parse.GetValue(index)!;
            var reference = CommonArguments.ParseReference(arg, "index");
            RejectExtraTags(reference);
            DefaultTagNotice(ctx, reference, arg, "pull");
            var settings = network.Read(parse, ctx);
            ctx.Log.Info($"Pulling index {reference}");
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            var pulled = await TransferProgress.RunAsync(ctx, observer =>
                RegistryAccess.Indexes(ctx, store, clients, observer).PullAsync(reference, ct)).ConfigureAwait(false);
            ctx.Out.WriteLine($"Pulled index {pulled.Digest}");
            return 0;
        });
        return verb;
    }

    /// <summary>The <c>-l/--label</c> option of <c>index add</c>, <c>pull</c> and <c>unpack</c>.</summary>
    internal static Option<string[]> LabelOption(string description) =>
        new("--label", "-l") { Description = description, AllowMultipleArgumentsPerToken = false };

    private static Argument<string> IndexArgument() => new("INDEX") { Description = "[registry/]repository[:tag]" };

    private static Option<bool> RemoteOption() => new("--remote", "-r") { Description = "Read the index from its registry instead of the local store" };

    private static async Task<(ModelKitIndexes.Found Found, ModelKitIndexes Indexes, RegistryClients? Clients)> GetAsync(ParseResult parse, CliContext ctx,
        Argument<string> index, Option<bool> remote, NetworkOptions network, CancellationToken ct)
    {
        var arg = parse.GetValue(index)!;
        var reference = ExplicitReference(arg, "index");
        var isRemote = parse.GetValue(remote);
        var clients = isRemote ? RegistryAccess.OpenClients(ctx, network.Read(parse, ctx)) : null;
        try
        {
            var indexes = await IndexesAsync(ctx, clients).ConfigureAwait(false);
            return (await indexes.GetAsync(reference, isRemote, ct).ConfigureAwait(false), indexes, clients);
        }
        catch
        {
            clients?.Dispose();
            throw;
        }
    }

    /// <summary>An index reference for create, add and remove: a tag (<c>latest</c> when none is written, with KitOps's notice).</summary>
    private static ModelReference IndexReference(CliContext ctx, string arg)
    {
        var reference = CommonArguments.ParseReference(arg, "index");
        RejectExtraTags(reference);
        if (reference.IsDigestReference)
            throw new KitException($"index reference must be a tag, not a digest: {arg}");
        DefaultTagNotice(ctx, reference, arg, "index");
        return reference;
    }

    /// <summary>A reference that must name its tag or digest (no <c>latest</c> default).</summary>
    private static ModelReference ExplicitReference(string arg, string what)
    {
        var reference = CommonArguments.ParseReference(arg, what);
        RejectExtraTags(reference);
        if (!reference.IsTagExplicit && !reference.IsDigestReference)
            throw new KitException($"missing tag or digest from {what} reference '{arg}'");
        return reference;
    }

    private static void DefaultTagNotice(CliContext ctx, ModelReference reference, string arg, string command) =>
        CommonArguments.NoTagNotice(ctx, reference, arg, $"No tag specified for {command}");

    private static void RejectExtraTags(ModelReference reference)
    {
        if (reference.HasExtraTags)
            throw new KitException($"invalid index reference: extra tags are not supported: {string.Join(",", reference.ExtraTags)}");
    }

    private static async Task<ModelKitIndexes> IndexesAsync(CliContext ctx, RegistryClients? clients = null) =>
        RegistryAccess.Indexes(ctx, await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false), clients, NullTransferObserver.Instance);
}
