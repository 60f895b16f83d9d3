namespace Kit.Core.Packing;

/// <summary>How a layer tar is stored (<c>--compression</c>).</summary>
public enum LayerCompression
{
    /// <summary>Raw tar; digest and diffId are the same.</summary>
    None,

    /// <summary>gzip at deflate level 6 (Go's default).</summary>
    Gzip,

    /// <summary>gzip at deflate level 1; same media type as <see cref="Gzip"/>.</summary>
    GzipFastest,

    /// <summary>zstd at its default level 3, compressed on every core (<c>+zstd</c> media types; KitOps 1.15+).</summary>
    Zstd,
}

/// <summary>Names, parsing and media-type suffixes of <see cref="LayerCompression"/>.</summary>
internal static class LayerCompressionExtensions
{
    public const string InvalidMessage = "invalid compression type: must be one of 'none', 'gzip', 'gzip-fastest', or 'zstd'";

    /// <exception cref="FormatException">Not one of <c>none</c>, <c>gzip</c>, <c>gzip-fastest</c>.</exception>
    public static LayerCompression ParseCompression(string value) =>
        TryParseCompression(value, out var compression) ? compression : throw new FormatException(InvalidMessage);

    public static bool TryParseCompression(string? value, out LayerCompression compression)
    {
        (var ok, compression) = value switch
        {
            "none" => (true, LayerCompression.None),
            "gzip" => (true, LayerCompression.Gzip),
            "gzip-fastest" => (true, LayerCompression.GzipFastest),
            "zstd" => (true, LayerCompression.Zstd),
            _ => (false, LayerCompression.None),
        };
        return ok;
    }

    /// <summary>The <c>--compression</c> spelling.</summary>
    public static string ToName(this LayerCompression compression) => compression switch
    {
        LayerCompression.None => "none",
        LayerCompression.Gzip => "gzip",
        LayerCompression.GzipFastest => "gzip-fastest",
        LayerCompression.Zstd => "zstd",
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };

    /// <summary>Appended to the layer media type: empty for none, <c>+gzip</c> for both gzip levels.</summary>
    public static string MediaTypeSuffix(this LayerCompression compression) => compression switch
    {
        LayerCompression.None => "",
        LayerCompression.Gzip or LayerCompression.GzipFastest => "+gzip",
        LayerCompression.Zstd => "+zstd",
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };

    /// <summary>zlib level: 6 matches Go's <c>gzip.DefaultCompression</c>, 1 its <c>BestSpeed</c>.</summary>
    internal static int DeflateLevel(this LayerCompression compression) => compression == LayerCompression.GzipFastest ? 1 : 6;

    /// <summary>What a layer media type's suffix (after '+', empty for none) says the blob is compressed with.</summary>
    internal static bool TryParseMediaTypeSuffix(string suffix, out LayerCompression compression)
    {
        (var ok, compression) = suffix switch
        {
            "" or "none" => (true, LayerCompression.None),
            "gzip" => (true, LayerCompression.Gzip),
            "zstd" => (true, LayerCompression.Zstd),
            _ => (false, LayerCompression.None),
        };
        return ok;
    }
}
