namespace Kit.Core.Formatting;

/// <summary>Human-readable sizes as <c>kit list</c> prints them.</summary>
internal static class SizeFormatter
{
    private static readonly string[] Units = ["KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>
    /// <c>0 B</c>, <c>&lt;n&gt; B</c> below 1024, else one decimal in the largest binary unit up to PiB,
    /// rounded down so a size never looks bigger than it is (1023.99 KiB stays <c>1023.9 KiB</c>, not <c>1024.0 KiB</c>).
    /// </summary>
    public static string Format(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes < 1024)
            return $"{bytes} B";

        var unit = 0;
        Int128 divisor = 1024;
        while (unit < Units.Length - 1 && bytes >= divisor * 1024)
        {
            divisor *= 1024;
            unit++;
        }

        // Integer arithmetic: doubles cannot floor exactly near unit boundaries of large values.
        var tenths = (Int128)bytes * 10 / divisor;
        return $"{tenths / 10}.{tenths % 10} {Units[unit]}";
    }
}
