namespace Kit.Cli.Output;

/// <summary>Columns padded like Go's tabwriter with padding 3, as KitOps prints tables.</summary>
public static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) return;
        var columns = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var row in rows)
        {
            var line = string.Concat(row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c] + 3)));
            output.WriteLine(line);
        }
    }
}
