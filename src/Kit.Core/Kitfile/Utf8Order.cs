using System.Text;

namespace Kit.Core.Kitfiles;

/// <summary>
/// Orders strings by their UTF-8 bytes (= by code point), as Go sorts map keys and strings.
/// Ordinal UTF-16 order differs for characters above U+FFFF versus U+E000..U+FFFF.
/// </summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = x.EnumerateRunes();
        var b = y.EnumerateRunes();
        while (true)
        {
            var hasA = a.MoveNext();
            var hasB = b.MoveNext();
            if (!hasA || !hasB) return hasA == hasB ? 0 : hasA ? 1 : -1;
            var c = a.Current.Value.CompareTo(b.Current.Value);
            if (c != 0) return c;
        }
    }
}
