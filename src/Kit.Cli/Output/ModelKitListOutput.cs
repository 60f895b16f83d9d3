using Kit.Core;
using Kit.Core.Formatting;
using Kit.Core.Store;
using Kit.Oci.Serialization;

namespace Kit.Cli.Output;

/// <summary><c>kit list</c> output, the same for the local store and a registry.</summary>
public static class ModelKitListOutput
{
    private static readonly string[] Header = ["REPOSITORY", "TAG", "MAINTAINER", "NAME", "SIZE", "DIGEST"];

    public static void Write(TextWriter output, IReadOnlyList<ModelKitListing> rows, string? format)
    {
        // Built whole and written at once: stdout flushes every line, and a store of 10,000 tags made that 10,000 writes.
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = output.NewLine };
        switch (format)
        {
            case "json": WriteJson(text, rows); break;
            case "table" or null: WriteTable(text, rows); break;
            case var template when ListTemplate.IsTemplate(template): ListTemplate.Parse(template).Write(text, rows); break;
            case var other: throw new KitException($"invalid --format '{other}': use table, json or a template such as '{{{{.Repo}}}}:{{{{.Tags}}}}'");
        }
        output.Write(text.GetStringBuilder());
    }

    /// <summary>Checks the format before any work (a remote listing can take a while).</summary>
    public static void Validate(string? format)
    {
        if (ListTemplate.IsTemplate(format))
            ListTemplate.Parse(format!);
        else if (format is not ("json" or "table" or null))
            throw new KitException($"invalid --format '{format}': use table, json or a template such as '{{{{.Repo}}}}:{{{{.Tags}}}}'");
    }

    private static void WriteTable(TextWriter output, IReadOnlyList<ModelKitListing> rows)
    {
        var table = new List<string[]> { Header };
        foreach (var row in rows)
        {
            var repo = row.DisplayRepository.Length > 0 ? row.DisplayRepository : "<none>";
            // One string of each per ModelKit, shared by its tags' rows.
            var (author, name, size, digest) = (row.Author ?? "<none>", row.ModelName ?? "<none>", SizeFormatter.Format(row.Size), row.Digest.ToString());
            var cells = (string tag) => new[] { repo, tag, author, name, size, digest };
            if (row.Tags.Count == 0) table.Add(cells("<none>"));
            else table.AddRange(row.Tags.Select(cells));
        }
        TextTable.Write(output, table);
    }

    /// <summary>What KitOps shows for a missing name or author.</summary>
    internal const string None = "<none>";

    private static void WriteJson(TextWriter output, IReadOnlyList<ModelKitListing> rows)
    {
        var w = new GoJsonWriter("  ");
        w.StartArray();
        foreach (var row in rows)
            WriteJsonRecord(w, row);
        w.EndArray();
        output.WriteLine(w.ToString());
    }

    /// <summary>One record in KitOps 1.17's key order: <c>repo, digest, tags, modelName, size</c> (integer bytes), <c>author</c>.</summary>
    internal static void WriteJsonRecord(GoJsonWriter w, ModelKitListing row)
    {
        w.StartObject();
        w.Property("repo", row.DisplayRepository);
        w.Property("digest", row.Digest.ToString());
        w.Name("tags");
        if (row.Tags.Count == 0) w.Null();
        else
        {
            w.StartArray();
            foreach (var t in row.Tags) w.StringValue(t);
            w.EndArray();
        }
        w.Property("modelName", row.ModelName ?? None);
        w.Property("size", row.Size);
        w.Property("author", row.Author ?? None);
        w.EndObject();
    }
}
