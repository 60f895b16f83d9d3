using System.CommandLine;
using Kit.Core;
using Kit.Cli.Output;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Store;
using Kit.Core.Transfer;
using Kit.Core.Unpacking;

namespace Kit.Cli.Commands.Unpack;

/// <summary><c>kit unpack MODELKIT</c> (section 7.2), from the local store.</summary>
public static class UnpackCommand
{
    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string>("MODELKIT") { Description = "[registry/]repository[:tag|@digest]" };
        var dir = new Option<string?>("--dir", "-d") { Description = "The target directory (default: the current directory)" };
        var overwrite = new Option<bool>("--overwrite", "-o") { Description = "Overwrite existing files" };
        var ignoreExisting = new Option<bool>("--ignore-existing", "-i") { Description = "Keep existing files and unpack the rest" };
        var filter = new Option<string[]>("--filter", "-f") { Description = "Unpack only type1,type2[:id1,id2] (kitfile, model, datasets, code, docs); repeatable", AllowMultipleArgumentsPerToken = false };
        var kitfile = new Option<bool>("--kitfile") { Description = "Deprecated: use --filter kitfile" };
        var model = new Option<bool>("--model") { Description = "Deprecated: use --filter model" };
        var code = new Option<bool>("--code") { Description = "Deprecated: use --filter code" };
        var datasets = new Option<bool>("--datasets") { Description = "Deprecated: use --filter datasets" };
        var docs = new Option<bool>("--docs") { Description = "Deprecated: use --filter docs" };
        var command = new Command("unpack", "Extract all or part of a modelkit into a directory")
        {
            modelkit, dir, overwrite, ignoreExisting, filter, kitfile, model, code, datasets, docs,
        };
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var settings = network.Read(parse, ctx);
            var reference = CommonArguments.ParseReference(parse.GetValue(modelkit));
            if (reference.HasExtraTags) throw new KitException("can not unpack multiple tags");
            UnpackFilterSet filters;
            try
            {
                filters = UnpackFilterSet.FromOptions(parse.GetValue(filter) ?? [],
                    parse.GetValue(kitfile), parse.GetValue(model), parse.GetValue(code), parse.GetValue(datasets), parse.GetValue(docs));
            }
            catch (FormatException ex)
            {
                throw new KitException($"Invalid filter: {ex.Message}");
            }
            var request = new UnpackRequest
            {
                Reference = reference,
                TargetDirectory = Path.GetFullPath(parse.GetValue(dir) ?? ".", ctx.WorkingDirectory),
                Filters = filters,
                Overwrite = parse.GetValue(overwrite),
                IgnoreExisting = parse.GetValue(ignoreExisting),
            };
            var store = CommonArguments.OpenStore(ctx);
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            if (await store.TryResolveAsync(reference, ct).ConfigureAwait(false) is { } local)
            {
                // Only parents missing from the store are downloaded, so a local unpack normally shows no transfers.
                var observer = ctx.Progress == ProgressMode.None ? NullTransferObserver.Instance : (ITransferObserver)new PlainTransferProgress(ctx.Err);
                await Unpacker(ctx, settings, store, clients, observer).UnpackAsync(local, request, ct).ConfigureAwait(false);
                return 0;
            }
            if (!reference.NamesRegistry)
                throw new ModelKitNotFoundException(reference);
            await UnpackRemoteAsync(ctx, settings, store, clients, request, ct).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Not in the local store: read the manifest and config from the registry, download only the layers the
    /// filters select (blobs already stored are not downloaded again), then unpack from the store. The blobs stay
    /// in the store unnamed until the next garbage collection, so a second unpack downloads nothing.
    /// </summary>
    private static async Task UnpackRemoteAsync(CliContext ctx, RemoteSettings settings, LocalModelKits store, RegistryClients clients,
        UnpackRequest request, CancellationToken ct)
    {
        ctx.Log.Info($"Reading {request.Reference} from its registry");
        await TransferProgress.RunAsync(ctx, async observer =>
        {
            // The same source that serves parents: store first, then the registry, only the selected layers.
            var source = new StoreThenRegistryModelKits(store, clients, new TransferOptions { Concurrency = settings.Concurrency, Observer = observer });
            await using var kit = await source.OpenAsync(request.Reference, k => ModelKitUnpacker.SelectLayers(k, request.Filters), ct).ConfigureAwait(false);
            await new ModelKitUnpacker(store, ctx.Log.Info, source).UnpackAsync(kit.Kit, request, ct).ConfigureAwait(false);
            return 0;
        }).ConfigureAwait(false);
    }

    /// <summary>Parents come from the store, else from their registry with this command's network settings.</summary>
    private static ModelKitUnpacker Unpacker(CliContext ctx, RemoteSettings settings, LocalModelKits store, RegistryClients clients, ITransferObserver observer) =>
        new(store, ctx.Log.Info, new StoreThenRegistryModelKits(store, clients, new TransferOptions { Concurrency = settings.Concurrency, Observer = observer }));
}
