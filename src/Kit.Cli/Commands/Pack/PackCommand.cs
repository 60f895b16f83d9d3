using System.CommandLine;
using Kit.Cli.Commands.Version;
using Kit.Cli.Output;
using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.Packing;
using Kit.Core.References;
using Kit.Core.Remote;

namespace Kit.Cli.Commands.Pack;

/// <summary><c>kit pack DIRECTORY</c>.</summary>
public static class PackCommand
{
    public static Command Create(CommandHandler handler)
    {
        var directory = new Argument<string>("DIRECTORY") { Description = "The context directory holding the files to pack" };
        var file = new Option<string?>("--file", "-f") { Description = "Path to the Kitfile (default: Kitfile in DIRECTORY); '-' reads it from stdin" };
        var tag = new Option<string?>("--tag", "-t") { Description = "Name the modelkit: [registry/]repository[:tag][,tag2...]" };
        var compression = new Option<string>("--compression") { Description = "Layer compression: none, gzip, gzip-fastest", DefaultValueFactory = _ => "none" };
        var reread = new Option<bool>("--reread") { Description = "Read and hash every file, even layers whose files are unchanged since an earlier pack" };
        var command = new VerbCommand("pack", "Pack a directory into a modelkit in the local store") { directory, file, tag, compression, reread };
        command.Examples =
        [
            "kit pack examples/sentiment -t sentiment:0.1.0            # ./Kitfile of the directory",
            "kit pack . -f deploy/Kitfile.prod -t registry.example.com/team/llm:3,latest",
            "cat Kitfile | kit pack . -f - -t sentiment:dev            # Kitfile from stdin",
            "kit pack examples/sentiment --compression gzip            # untagged, gzip layers",
        ];
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var layerCompression = LayerCompressionExtensions.ParseCompression(parse.GetValue(compression) ?? "none");
            var reference = parse.GetValue(tag) is { } t ? CommonArguments.ParseReference(t, "tag") : ModelReference.Unnamed;
            if (parse.GetValue(tag) is { } written)
                CommonArguments.NoTagNotice(ctx, reference, written, "No tag or digest specified with --tag flag");
            var context = KitfileLocator.ContextDirectory(parse.GetValue(directory)!, ctx.WorkingDirectory);
            var kitfile = KitfileLocator.Load(context, parse.GetValue(file), ctx.WorkingDirectory, ctx.In, ctx.Host.StdinIsTerminal, ctx.Log.Debug);

            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            // Pack has no network flags: parents missing locally are read with KitOps' defaults.
            using var clients = RegistryAccess.OpenClients(ctx, RegistryAccess.DefaultSettings);
            var parents = new LocalThenRemoteModelKits(store, new RemoteModelKits(clients));
            var manifest = await LiveProgress.RunAsync(ctx, live =>
                new ModelKitPacker(store.Store, new PackLog(ctx.Log, live), parents).PackAsync(new PackRequest
                {
                    ContextDirectory = context,
                    Kitfile = kitfile,
                    Reference = reference,
                    Compression = layerCompression,
                    CliVersion = VersionCommand.CliVersion,
                    Reread = parse.GetValue(reread),
                    Created = SourceDateEpoch.CreationTime(ctx.Variable(SourceDateEpoch.Variable), DateTimeOffset.UtcNow),
                }, ct)).ConfigureAwait(false);
            ctx.Out.WriteLine($"Model saved: {manifest.Digest}");
            return 0;
        });
        return command;
    }
}
