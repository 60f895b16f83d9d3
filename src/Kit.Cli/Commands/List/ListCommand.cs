using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.References;
using Kit.Core.Store;

namespace Kit.Cli.Commands.List;

/// <summary>
/// <c>kit list</c> (section 7.3): one row per tag, or one <c>&lt;none&gt;</c> row per untagged manifest.
/// <c>kit list registry/repo</c> lists every ModelKit tag of a registry repository (KitOps lists only <c>latest</c>,
/// gap 12); <c>kit list repo</c> without a registry lists that repository of the local store instead of asking
/// https://localhost.
/// </summary>
public static class ListCommand
{
    public static Command Create(CommandHandler handler)
    {
        var repository = new Argument<string?>("REPOSITORY")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "registry/repository[:tag] lists a registry repository; a repository without registry filters the local store",
        };
        var format = new Option<string>("--format") { Description = "Output format: table, json, or a Go-style template with {{.Repo}} {{.Tags}} {{.Digest}} {{.ModelName}} {{.Size}} {{.Author}}", DefaultValueFactory = _ => "table" };
        var command = new VerbCommand("list", "List modelkits in the local store or in a registry repository") { repository, format };
        command.Examples =
        [
            "kit list                                                  # every modelkit in the local store",
            "kit list --format json",
            "kit list --format '{{.Repo}}:{{.Tags}} {{.Digest}}'",
            "kit list registry.example.com/team/sentiment              # every modelkit tag in a registry repository",
        ];
        command.Aliases.Add("ls");
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var output = parse.GetValue(format);
            ModelKitListOutput.Validate(output);
            IReadOnlyList<ModelKitListing> rows;
            if (parse.GetValue(repository) is { } arg)
            {
                var reference = CommonArguments.ParseReference(arg, "repository");
                if (reference.HasExtraTags) throw new KitException("repository cannot reference multiple tags");
                rows = !reference.NamesRegistry
                    ? FilterLocal(await CommonArguments.OpenStore(ctx).ListAsync(ct).ConfigureAwait(false), reference)
                    : await ListRemoteAsync(parse, ctx, network, reference, ct).ConfigureAwait(false);
            }
            else
            {
                rows = await CommonArguments.OpenStore(ctx).ListAsync(ct).ConfigureAwait(false);
            }
            ModelKitListOutput.Write(ctx.Out, rows, output);
            return 0;
        });
        return command;
    }

    private static async Task<IReadOnlyList<ModelKitListing>> ListRemoteAsync(ParseResult parse, CliContext ctx, NetworkOptions network,
        ModelReference reference, CancellationToken ct)
    {
        using var clients = RegistryAccess.OpenClients(ctx, network.Read(parse, ctx));
        return await new Kit.Core.Remote.RemoteModelKits(clients).ListAsync(reference, ct).ConfigureAwait(false);
    }

    private static List<ModelKitListing> FilterLocal(IReadOnlyList<ModelKitListing> rows, ModelReference reference)
    {
        var inRepository = rows.Where(r => r.Repository == reference.FullRepository);
        if (reference.Digest is { } digest)
            return inRepository.Where(r => r.Digest == digest).ToList();
        if (reference.IsTagExplicit)
            return inRepository.Where(r => r.Tags.Contains(reference.Tag!)).Select(r => r with { Tags = [reference.Tag!] }).ToList();
        return inRepository.ToList();
    }
}
