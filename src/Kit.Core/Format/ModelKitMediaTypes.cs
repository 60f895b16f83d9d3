using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Kit.Core.Format;

/// <summary>Media types of ModelKit configs and layers.</summary>
internal static partial class ModelKitMediaTypes
{
    public const string Config = "application/vnd.kitops.modelkit.config.v1+json";

    /// <summary>The manifest's <c>artifactType</c> (KitOps since v1.10).</summary>
    public const string ManifestArtifactType = "application/vnd.kitops.modelkit.manifest.v1+json";

    /// <summary>
    /// A ModelKit config is a few KiB of JSON; a config near this size is a wrong reference, not a ModelKit, and is
    /// refused before it is downloaded.
    /// </summary>
    public const long MaxConfigSize = 4L << 20;

    public static string Layer(LayerKind kind, bool gzip) =>
        $"application/vnd.kitops.modelkit.{kind.MediaTypeBase}.v1.tar" + (gzip ? "+gzip" : "");

    /// <summary>Parses a layer media type; the compression suffix is whatever follows '+' (empty = none).</summary>
    public static bool TryParseLayer(string mediaType, [NotNullWhen(true)] out LayerKind? kind, out string compression)
    {
        kind = null;
        compression = "";
        var m = LayerPattern().Match(mediaType);
        if (!m.Success || !LayerKind.TryParseMediaTypeBase(m.Groups[1].Value, out kind)) return false;
        compression = m.Groups[2].Value;
        return true;
    }

    [GeneratedRegex(@"^application/vnd\.kitops\.modelkit\.(\w+)\.v1\.tar(?:\+(\w+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerPattern();
}
