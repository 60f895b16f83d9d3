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
        var command = new VerbCommand("pull", "Download a modelkit from a registry into the local store") { modelkit };
        command.Examples =
        [
            "kit pull registry.example.com/team/sentiment:0.1.0",
            "kit pull 127.0.0.1:5000/team/sentiment@sha256:<hex> --plain-http",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var reference = CommonArguments.ParseReference(parse.GetValue(modelkit));
            if (reference.HasExtraTags) throw new KitException("reference cannot include multiple tags");
            var settings = network.Read(parse, ctx);
            ctx.Log.Info($"Pulling {reference}");
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            var pulled = await TransferProgress.RunAsync(ctx, observer =>
                RegistryAccess.Transfers(ctx, store, clients, observer).PullAsync(reference, ct)).ConfigureAwait(false);
            ctx.Out.WriteLine($"Pulled {pulled.Kit.Digest}");
            return 0;
        });
        return command;
    }
}
