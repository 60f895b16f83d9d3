using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core.References;

namespace Kit.Cli.Commands.List;

/// <summary>
/// <c>kit list</c>: one row per tag, or one <c>&lt;none&gt;</c> row per untagged manifest.
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
        var format = new Option<string>("--format")
        {
            Description = "Output format: table, json, or a Go template run per modelkit with .Repo .Tags .Digest .ModelName .Size (bytes) .Author "
                + "(range, if, with, printf, json, len, index, eq...)",
            DefaultValueFactory = _ => "table",
        };
        var filter = new Option<string[]>("--filter", "-f")
        {
            Description = "List only modelkits with a Kitfile entry of type1,type2[:id1,id2] (kitfile, model, datasets, code, docs); repeatable",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new VerbCommand("list", "List modelkits in the local store or in a registry repository") { repository, format, filter };
        command.Examples =
        [
            "kit list                                                  # every modelkit in the local store",
            "kit list --format json",
            "kit list --format '{{.Repo}}:{{.Tags}} {{.Digest}}'",
            "kit list --format '{{range .Tags}}{{$.Repo}}:{{.}} {{end}}{{printf \"%d\" .Size}}'",
            "kit list --format '{{json .}}'                             # one JSON object per line",
            "kit list -f datasets:reviews                              # modelkits with that dataset",
            "kit list registry.example.com/team/sentiment              # every modelkit tag in a registry repository",
        ];
        command.Aliases.Add("ls");
        var network = NetworkOptions.AddTo(command);
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var output = parse.GetValue(format);
            ModelKitListOutput.Validate(output);
            var filters = Kit.Core.Store.ModelKitListFilter.Parse(parse.GetValue(filter) ?? []);
            var arg = parse.GetValue(repository);
            // Network flags (and the KITOPS_CLIENT_* variables) are read only for a registry repository.
            var remote = ModelReference.TryParse(arg, out var named) && named.NamesRegistry;
            using var kit = RegistryAccess.Client(ctx, remote ? network.Read(parse, ctx) : null);
            var withKitfiles = !filters.IsEverything;
            var rows = arg is null
                ? await kit.ListAsync(withKitfiles, ct).ConfigureAwait(false)
                : await kit.ListAsync(arg, withKitfiles, ct).ConfigureAwait(false);
            ModelKitListOutput.Write(ctx.Out, Kit.Core.Store.ModelKitListFilter.Apply(rows, filters), output);
            return 0;
        });
        return command;
    }
}
