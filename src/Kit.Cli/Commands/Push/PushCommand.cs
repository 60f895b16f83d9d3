using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.References;
using Kit.Core.Remote;
using Kit.Core.Transfer;

namespace Kit.Cli.Commands.Push;

/// <summary><c>kit push SOURCE [DESTINATION]</c> (section 7.8): blobs the registry has are skipped or mounted, the rest uploaded.</summary>
public static class PushCommand
{
    public static Command Create(CommandHandler handler)
    {
        var source = new Argument<string>("SOURCE") { Description = "Local modelkit to push: registry/repository[:tag|@digest]" };
        var destination = new Argument<string?>("DESTINATION") { Arity = ArgumentArity.ZeroOrOne, Description = "Where to push it (default: SOURCE)" };
        var command = new Command("push", "Upload a modelkit from the local store to a registry") { source, destination };
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var src = CommonArguments.ParseReference(parse.GetValue(source), "source");
            if (src.HasExtraTags) throw new KitException("reference cannot include multiple tags");
            var dst = parse.GetValue(destination) is { } d ? CommonArguments.ParseReference(d, "destination") : src;
            if (dst.HasExtraTags) throw new KitException("target reference cannot include multiple tags");
            if (!dst.NamesRegistry)
                throw new KitException($"registry is required when pushing: name the destination like registry.example.com/{dst.Repository}:{dst.Tag ?? ModelReference.DefaultTag}");

            var settings = network.Read(parse, ctx);
            var store = CommonArguments.OpenStore(ctx);
            var kit = await store.ResolveAsync(src, ct).ConfigureAwait(false);
            ctx.Log.Info(ReferenceEquals(src, dst) ? $"Pushing {src}" : $"Pushing {src} to {dst}");

            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var repository = clients.Open(dst);
            var pushed = await TransferProgress.RunAsync(ctx, observer =>
                RemoteFailure.GuardAsync(dst.Registry, dst.ToString(), settings.PlainHttp, () =>
                    new ModelKitPusher(store.Store, new TransferOptions { Concurrency = settings.Concurrency, Observer = observer })
                        .PushAsync(kit.ManifestDescriptor, kit.ManifestBytes, kit.Manifest, repository, dst.Tag, ct))).ConfigureAwait(false);
            ctx.Out.WriteLine($"Pushed {pushed.Digest}");
            return 0;
        });
        return command;
    }
}
