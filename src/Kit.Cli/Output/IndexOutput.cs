using Kit.Core.Formatting;
using Kit.Core.Indexes;
using Kit.Core.References;
using Kit.Oci.Serialization;

namespace Kit.Cli.Output;

/// <summary><c>kit index list</c> and <c>kit index info</c> output, as KitOps prints them.</summary>
internal static class IndexOutput
{
    private static readonly string[] ListHeader = ["REPOSITORY", "TAG", "MODELKITS", "DIGEST"];
    private static readonly string[] InfoHeader = ["ORIGINAL REFERENCE", "SIZE", "LABELS", "ANNOTATIONS", "DIGEST"];

    public static void WriteList(TextWriter output, IReadOnlyList<ModelKitIndexes.Listing> rows, string format)
    {
        if (format == "json")
        {
            var w = new GoJsonWriter("  ");
            w.StartArray();
            foreach (var row in rows)
            {
                w.StartObject();
                w.Property("repo", ModelReference.FormatRepositoryForDisplay(row.Repository));
                w.Property("digest", row.Digest.ToString());
                w.Name("tags");
                w.StartArray();
                foreach (var tag in row.Tags) w.StringValue(tag);
                w.EndArray();
                w.Name("modelKits");
                if (row.ModelKits is { } n) w.Number(n);
                else w.Null();
                w.EndObject();
            }
            w.EndArray();
            output.WriteLine(w.ToString());
            return;
        }
        var table = new List<string[]> { ListHeader };
        foreach (var row in rows)
        {
            var repo = ModelReference.FormatRepositoryForDisplay(row.Repository);
            var count = row.ModelKits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "<none>";
            IEnumerable<string> tags = row.Tags.Count == 0 ? ["<none>"] : row.Tags;
            table.AddRange(tags.Select(t => new[] { repo, t, count, row.Digest.ToString() }));
        }
        TextTable.Write(output, table);
    }

    public static async Task WriteInfoAsync(TextWriter output, ModelKitIndexes.Found found, ModelKitIndexes indexes, CancellationToken ct)
    {
        output.WriteLine($"Index {found.Reference} ({found.Descriptor.Digest})");
        var entries = found.Document.Entries;
        if (entries.Count == 0)
        {
            output.WriteLine("Index contains no ModelKits");
            return;
        }
        output.WriteLine(entries.Count == 1 ? "1 ModelKit:" : $"{entries.Count} ModelKits:");
        var table = new List<string[]> { InfoHeader };
        var repository = ModelReference.FormatRepositoryForDisplay(found.Reference.FullRepository);
        foreach (var entry in entries)
        {
            var labels = entry.LabelPairs();
            var annotations = entry.Annotations
                .Where(a => a.Key is not (IndexFormat.OriginalTagAnnotation or IndexFormat.SizeAnnotation))
                .OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}").ToList();
            var size = await indexes.SizeOfAsync(entry, ct).ConfigureAwait(false);
            table.Add(
            [
                entry.OriginalTag is { } tag ? $"{repository}:{tag}" : "<none>",
                size is { } s ? SizeFormatter.Format(s) : "<none>",
                labels.Count > 0 ? labels[0] : "<none>",
                annotations.Count > 0 ? annotations[0] : "<none>",
                entry.Digest.ToString(),
            ]);
            for (var i = 1; i < Math.Max(labels.Count, annotations.Count); i++)
                table.Add(["", "", i < labels.Count ? labels[i] : "", i < annotations.Count ? annotations[i] : "", ""]);
        }
        using var text = new StringWriter();
        TextTable.Write(text, table);
        foreach (var line in text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            output.WriteLine(line.TrimEnd());
    }
}
