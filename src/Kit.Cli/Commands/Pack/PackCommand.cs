using System.CommandLine;
using Kit.Cli.Commands.Version;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Core.References;

namespace Kit.Cli.Commands.Pack;

/// <summary><c>kit pack DIRECTORY</c>.</summary>
public static class PackCommand
{
    public static Command Create(CommandHandler handler)
    {
        var directory = new Argument<string>("DIRECTORY") { Description = "The context directory holding the files to pack" };
        var file = new Option<string?>("--file", "-f") { Description = "Path to the Kitfile (default: Kitfile in DIRECTORY); '-' reads it from stdin" };
        var tag = new Option<string?>("--tag", "-t") { Description = "Name the modelkit: [registry/]repository[:tag][,tag2...]" };
        var compression = new Option<string>("--compression") { Description = "Layer compression: none, gzip, gzip-fastest, zstd", DefaultValueFactory = _ => "none" };
        var layerFormat = new Option<string>("--layer-format") { Description = "Layer format: tar, or raw (each entry's one file stored as it is)", DefaultValueFactory = _ => "tar" };
        var reread = new Option<bool>("--reread") { Description = "Read and hash every file, even layers whose files are unchanged since an earlier pack" };
        var push = new Option<bool>("--push") { Description = "Pack straight into the registry named by --tag, streaming each layer as it is built; nothing is stored locally" };
        var keepLocal = new Option<bool>("--keep-local") { Description = "With --push: also store the modelkit locally, in the same pass" };
        var useModelPack = new Option<bool>("--use-model-pack") { Description = "Pack a CNCF ModelPack (model-spec format, read by modctl and others) instead of a ModelKit" };
        var command = new VerbCommand("pack", "Pack a directory into a modelkit in the local store") { directory, file, tag, compression, layerFormat, reread, push, keepLocal, useModelPack };
        command.Examples =
        [
            "kit pack examples/sentiment -t sentiment:0.1.0            # ./Kitfile of the directory",
            "kit pack . -f deploy/Kitfile.prod -t registry.example.com/team/llm:3,latest",
            "cat Kitfile | kit pack . -f - -t sentiment:dev            # Kitfile from stdin",
            "kit pack examples/sentiment --compression gzip            # untagged, gzip layers",
            "kit pack . --layer-format raw -t llm:1                    # every entry one file, stored as it is",
            "kit pack . -t registry.example.com/team/llm:3 --push      # straight to the registry, no local copy",
            "kit pack . --use-model-pack -t llm:1-modelpack            # CNCF ModelPack, for model-spec tools",
        ];
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var layerCompression = LayerCompressionExtensions.ParseCompression(parse.GetValue(compression) ?? "none");
            var format = LayerFormatExtensions.ParseLayerFormat(parse.GetValue(layerFormat) ?? "tar");
            var reference = parse.GetValue(tag) is { } t ? CommonArguments.ParseReference(t, "tag") : ModelReference.Unnamed;
            if (parse.GetValue(tag) is { } written)
                CommonArguments.NoTagNotice(ctx, reference, written, "No tag or digest specified with --tag flag");
            var pushing = parse.GetValue(push);
            if (pushing)
                PackPush.RequireRegistry(reference);
            else if (parse.GetValue(keepLocal))
                throw new KitException("--keep-local only applies with --push");
            var settings = network.Read(parse, ctx);
            var context = KitfileLocator.ContextDirectory(parse.GetValue(directory)!, ctx.WorkingDirectory);
            var kitfile = KitfileLocator.Load(context, parse.GetValue(file), ctx.WorkingDirectory, ctx.In, ctx.Host.StdinIsTerminal, ctx.Log.Debug);

            var store = await CommonArguments.OpenStoreAsync(ctx).ConfigureAwait(false);
            using var clients = RegistryAccess.OpenClients(ctx, settings);
            var request = new PackRequest
            {
                ContextDirectory = context,
                Kitfile = kitfile,
                Reference = reference,
                Compression = layerCompression,
                Format = format,
                Artifact = parse.GetValue(useModelPack) ? ArtifactFormat.ModelPack : ArtifactFormat.ModelKit,
                CliVersion = VersionCommand.CliVersion,
                Reread = parse.GetValue(reread),
                Environment = ctx.Variable,
                Created = SourceDateEpoch.CreationTime(ctx.Variable(SourceDateEpoch.Variable), DateTimeOffset.UtcNow),
            };
            var manifest = await LiveProgress.RunAsync(ctx, live =>
            {
                var log = new PackLog(ctx.Log, live);
                var packer = ModelKitPacker.ForStore(store, clients, log);
                return pushing
                    ? PackPush.PackAsync(packer, store.Store, clients, log, request, parse.GetValue(keepLocal), ct)
                    : packer.PackAsync(request, ct);
            }).ConfigureAwait(false);
            ctx.Out.WriteLine(pushing ? $"Pushed {manifest.Digest}" : $"Model saved: {manifest.Digest}");
            return 0;
        });
        return command;
    }
}
