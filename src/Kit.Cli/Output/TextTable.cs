namespace Kit.Cli.Output;

/// <summary>Columns padded like Go's tabwriter with padding 3, as KitOps prints tables.</summary>
public static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string[]> rows)
    {
        if (rows.Count == 0) return;
        if (output is not StringWriter)
        {
            // stdout flushes every write: the table goes out in one.
            using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = output.NewLine };
            Write(buffer, rows);
            output.Write(buffer.GetStringBuilder());
            return;
        }
        var columns = rows.Max(r => r.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
                widths[c] = Math.Max(widths[c], row[c].Length);
        }
        // Written piece by piece into the caller's buffer: no padded string per cell, no string per line.
        var spaces = new string(' ', widths.Max() + 3);
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                output.Write(row[c]);
                if (c < row.Length - 1) output.Write(spaces.AsSpan(0, widths[c] - row[c].Length + 3));
            }
            output.WriteLine();
        }
    }
}
