namespace Kit.Core.Packing;

/// <summary>How a layer holds its files (<c>--layer-format</c>, KitOps 1.15+).</summary>
public enum LayerFormat
{
    /// <summary>A tar archive of the entry's path (a file or a directory).</summary>
    Tar,

    /// <summary>The entry's one regular file, verbatim (then compressed, if asked); a directory cannot be packed raw.</summary>
    Raw,
}

/// <summary>Names and parsing of <see cref="LayerFormat"/>.</summary>
internal static class LayerFormatExtensions
{
    public const string InvalidMessage = "invalid layer format: must be either 'tar' or 'raw'";

    /// <exception cref="FormatException">Not <c>tar</c> or <c>raw</c>.</exception>
    public static LayerFormat ParseLayerFormat(string value) =>
        TryParseLayerFormat(value, out var format) ? format : throw new FormatException(InvalidMessage);

    /// <summary>The <c>--layer-format</c> spelling, which is also the format part of the media type.</summary>
    public static bool TryParseLayerFormat(string? value, out LayerFormat format)
    {
        (var ok, format) = value switch
        {
            "tar" => (true, LayerFormat.Tar),
            "raw" => (true, LayerFormat.Raw),
            _ => (false, LayerFormat.Tar),
        };
        return ok;
    }

    public static string ToName(this LayerFormat format) => format switch
    {
        LayerFormat.Tar => "tar",
        LayerFormat.Raw => "raw",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
