using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core;
using Kit.Core.Formatting;
using Kit.Core.Store;
using Kit.Oci.Serialization;

namespace Kit.Cli.Commands.List;

/// <summary><c>kit list</c> (section 7.3): one row per tag, or one <c>&lt;none&gt;</c> row per untagged manifest.</summary>
public static class ListCommand
{
    public static Command Create(CommandHandler handler)
    {
        var repository = new Argument<string?>("REPOSITORY") { Arity = ArgumentArity.ZeroOrOne, Description = "List the tags of a remote repository instead of the local store" };
        var format = new Option<string>("--format") { Description = "Output format: table or json", DefaultValueFactory = _ => "table" };
        var command = new Command("list", "List modelkits in the local store") { repository, format };
        command.Aliases.Add("ls");
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            if (parse.GetValue(repository) is { } repo)
                throw new KitException($"listing remote repository {repo} needs registry support, which this build does not have yet");
            var rows = await CommonArguments.OpenStore(ctx).ListAsync(ct).ConfigureAwait(false);
            switch (parse.GetValue(format))
            {
                case "json": WriteJson(ctx.Out, rows); break;
                case "table" or null: WriteTable(ctx.Out, rows); break;
                case var other: throw new KitException($"invalid --format '{other}': use table or json");
            }
            return 0;
        });
        return command;
    }

    private static readonly string[] Header = ["REPOSITORY", "TAG", "MAINTAINER", "NAME", "SIZE", "DIGEST"];

    private static void WriteTable(TextWriter output, IReadOnlyList<ModelKitListing> rows)
    {
        var table = new List<string[]> { Header };
        foreach (var row in rows)
        {
            var repo = row.DisplayRepository.Length > 0 ? row.DisplayRepository : "<none>";
            var cells = (string tag) => new[] { repo, tag, row.Author ?? "<none>", row.ModelName ?? "<none>", SizeFormatter.Format(row.Size), row.Digest.ToString() };
            if (row.Tags.Count == 0) table.Add(cells("<none>"));
            else table.AddRange(row.Tags.Select(cells));
        }
        TextTable.Write(output, table);
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<ModelKitListing> rows)
    {
        var w = new GoJsonWriter("  ");
        w.StartArray();
        foreach (var row in rows)
        {
            w.StartObject();
            w.Property("repo", row.DisplayRepository);
            w.Property("digest", row.Digest.ToString());
            w.Name("tags");
            if (row.Tags.Count == 0) w.Null();
            else
            {
                w.StartArray();
                foreach (var t in row.Tags) w.String(t);
                w.EndArray();
            }
            w.Property("modelName", row.ModelName ?? "");
            w.Property("size", SizeFormatter.Format(row.Size));
            w.Property("author", row.Author ?? "");
            w.EndObject();
        }
        w.EndArray();
        output.WriteLine(w.ToString());
    }
}
