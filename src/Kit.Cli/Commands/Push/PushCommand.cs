using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;

namespace Kit.Cli.Commands.Push;

/// <summary><c>kit push SOURCE [DESTINATION]</c>: blobs the registry has are skipped or mounted, the rest uploaded.</summary>
public static class PushCommand
{
    public static Command Create(CommandHandler handler)
    {
        var source = new Argument<string>("SOURCE") { Description = "Local modelkit to push: registry/repository[:tag|@digest]" };
        var destination = new Argument<string?>("DESTINATION") { Arity = ArgumentArity.ZeroOrOne, Description = "Where to push it (default: SOURCE)" };
        var command = new VerbCommand("push", "Upload a modelkit from the local store to a registry") { source, destination };
        command.Examples =
        [
            "kit push registry.example.com/team/sentiment:0.1.0",
            "kit push sentiment:0.1.0 registry.example.com/team/sentiment:0.1.0   # SOURCE DESTINATION",
            "kit push 127.0.0.1:5000/team/sentiment:0.1.0 --plain-http",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var src = CommonArguments.ParseReference(parse.GetValue(source), "source");
            if (src.HasExtraTags) throw new KitException("reference cannot include multiple tags");
            var dst = parse.GetValue(destination) is { } d ? CommonArguments.ParseReference(d, "destination") : src;
            if (dst.HasExtraTags) throw new KitException("target reference cannot include multiple tags");
            CommonArguments.NoTagNotice(ctx, src, parse.GetValue(source)!, "No tag specified for push");
            if (parse.GetValue(destination) is { } dstArg)
                CommonArguments.NoTagNotice(ctx, dst, dstArg, "No tag specified for push target");

            var settings = network.Read(parse, ctx);
            ctx.Log.Info(ReferenceEquals(src, dst) ? $"Pushing {src}" : $"Pushing {src} to {dst}");
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            var pushed = await TransferProgress.RunAsync(ctx, observer =>
                RegistryAccess.Transfers(ctx, store, clients, observer).PushAsync(src, dst, ct)).ConfigureAwait(false);
            ctx.Out.WriteLine($"Pushed {pushed}");
            return 0;
        });
        return command;
    }
}
