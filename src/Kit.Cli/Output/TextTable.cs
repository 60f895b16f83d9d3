using System.Text;

namespace Kit.Cli.Output;

/// <summary>Columns padded like Go's tabwriter with padding 3, as KitOps prints tables.</summary>
public static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) return;
        var columns = rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        }
        // One string for the whole table: a listing of 10,000 tags is one write, not 10,000 padded strings.
        var text = new StringBuilder(rows.Count * (widths.Sum() + 3 * columns + 1));
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                text.Append(row[c]);
                if (c < row.Length - 1) text.Append(' ', widths[c] - row[c].Length + 3);
            }
            text.Append(output.NewLine);
        }
        output.Write(text);
    }
}
