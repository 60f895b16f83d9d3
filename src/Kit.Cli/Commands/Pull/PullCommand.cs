using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;

namespace Kit.Cli.Commands.Pull;

/// <summary><c>kit pull registry/repository[:tag|@digest]</c>: downloads only blobs the store lacks.</summary>
public static class PullCommand
{
    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string>("MODELKIT") { Description = "registry/repository[:tag|@digest]" };
        var label = Index.IndexCommand.LabelOption("Select the ModelKit of a ModelKit index by label: key=value; repeatable");
        var command = new VerbCommand("pull", "Download a modelkit from a registry into the local store") { modelkit, label };
        command.Examples =
        [
            "kit pull registry.example.com/team/sentiment:0.1.0",
            "kit pull 127.0.0.1:5000/team/sentiment@sha256:<hex> --plain-http",
            "kit pull registry.example.com/team/llama:3-8b -l quantization=q4_0   # from an index: the ModelKit with that label",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var arg = parse.GetValue(modelkit)!;
            var reference = CommonArguments.ParseReference(arg);
            if (reference.HasExtraTags) throw new KitException("reference cannot include multiple tags");
            var selector = Kit.Core.Indexes.IndexLabels.ParseSelector(parse.GetValue(label) ?? []);
            CommonArguments.NoTagNotice(ctx, reference, arg, "No tag specified for pull");
            var settings = network.Read(parse, ctx);
            ctx.Log.Info($"Pulling {reference}");
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            var pulled = await TransferProgress.RunAsync(ctx, async observer => selector.Count > 0
                ? await RegistryAccess.Indexes(ctx, store, clients, observer).PullSelectedAsync(reference, selector, ct).ConfigureAwait(false)
                : (await RegistryAccess.Transfers(ctx, store, clients, observer).PullAsync(reference, ct).ConfigureAwait(false)).Kit.Digest).ConfigureAwait(false);
            ctx.Out.WriteLine($"Pulled {pulled}");
            return 0;
        });
        return command;
    }
}
