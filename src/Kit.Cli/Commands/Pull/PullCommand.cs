using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Transfer;

namespace Kit.Cli.Commands.Pull;

/// <summary><c>kit pull registry/repository[:tag|@digest]</c> (section 7.9): downloads only blobs the store lacks.</summary>
public static class PullCommand
{
    public static Command Create(CommandHandler handler)
    {
        var modelkit = new Argument<string>("MODELKIT") { Description = "registry/repository[:tag|@digest]" };
        var command = new Command("pull", "Download a modelkit from a registry into the local store") { modelkit };
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var argument = parse.GetValue(modelkit)!;
            var reference = CommonArguments.ParseReference(argument);
            if (reference.HasExtraTags) throw new KitException("reference cannot include multiple tags");
            if (!reference.NamesRegistry)
                throw new KitException($"registry is required when pulling: use registry.example.com/{reference.Repository}:{reference.Tag ?? ModelReference.DefaultTag}");

            var settings = network.Read(parse, ctx);
            var store = CommonArguments.OpenStore(ctx);
            ctx.Log.Info($"Pulling {reference}");
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var repository = clients.Open(reference);
            var pulled = await TransferProgress.RunAsync(ctx, async observer =>
            {
                var options = new TransferOptions { Concurrency = settings.Concurrency, Observer = observer };
                var kit = await RemoteFailure.GuardAsync(reference.Registry, reference.ToString(), settings.PlainHttp, () =>
                    new ModelKitPuller(store.Store, options).PullAsync(repository, reference.TagOrDigest, ct)).ConfigureAwait(false);
                await new ParentModelKitPuller(store, clients, options, ctx.Log.Info).PullParentsAsync(reference, kit.Digest, kit.ConfigBytes, ct).ConfigureAwait(false);
                return kit;
            }).ConfigureAwait(false);
            ctx.Out.WriteLine($"Pulled {pulled.Digest}");
            return 0;
        });
        return command;
    }
}
