using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Kit.Core.Packing;
using Kit.Oci;

namespace Kit.Core.Format;

/// <summary>Media types of ModelKit configs and layers, in KitOps's own format and in the CNCF ModelPack format.</summary>
internal static partial class ModelKitMediaTypes
{
    public const string Config = "application/vnd.kitops.modelkit.config.v1+json";

    /// <summary>The manifest's <c>artifactType</c> (KitOps since v1.10).</summary>
    public const string ManifestArtifactType = "application/vnd.kitops.modelkit.manifest.v1+json";

    /// <summary>The model-spec config of a ModelPack.</summary>
    public const string ModelPackConfig = "application/vnd.cncf.model.config.v1+json";

    /// <summary>A ModelPack manifest's <c>artifactType</c>.</summary>
    public const string ModelPackArtifactType = "application/vnd.cncf.model.manifest.v1+json";

    /// <summary>
    /// A ModelKit config is a few KiB of JSON; a config near this size is a wrong reference, not a ModelKit, and is
    /// refused before it is downloaded.
    /// </summary>
    public const long MaxConfigSize = 4L << 20;

    /// <summary>The config media type of <paramref name="artifact"/>.</summary>
    public static string ConfigOf(ArtifactFormat artifact) => artifact == ArtifactFormat.ModelPack ? ModelPackConfig : Config;

    /// <summary>The manifest <c>artifactType</c> of <paramref name="artifact"/>.</summary>
    public static string ArtifactTypeOf(ArtifactFormat artifact) => artifact == ArtifactFormat.ModelPack ? ModelPackArtifactType : ManifestArtifactType;

    /// <summary>Whether a config of this media type belongs to a ModelKit of either format.</summary>
    public static bool IsConfig(string mediaType) => mediaType is Config or ModelPackConfig;

    /// <summary>
    /// The format of a manifest, as KitOps 1.17 recognizes it: by <c>artifactType</c> or, for manifests written before
    /// KitOps set one, by config media type; null for any other artifact.
    /// </summary>
    public static ArtifactFormat? Recognize(Manifest manifest)
    {
        if (manifest.ArtifactType == ManifestArtifactType || manifest.Config.MediaType == Config) return ArtifactFormat.ModelKit;
        if (manifest.ArtifactType == ModelPackArtifactType || manifest.Config.MediaType == ModelPackConfig) return ArtifactFormat.ModelPack;
        return null;
    }

    /// <summary>Whether the manifest is a ModelKit's or a ModelPack's, with a config of either format to read.</summary>
    public static bool IsModelKit(Manifest manifest) => Recognize(manifest) is not null && IsConfig(manifest.Config.MediaType);

    /// <summary><c>application/vnd.kitops.modelkit.&lt;base&gt;.v1.&lt;format&gt;[+&lt;compression&gt;]</c>; bundles are always <c>mcpb.v1.raw</c>.</summary>
    public static string Layer(LayerKind kind, LayerFormat format, LayerCompression compression) =>
        kind.IsBundle
            ? $"application/vnd.kitops.modelkit.{kind.MediaTypeBase}.v1.raw"
            : $"application/vnd.kitops.modelkit.{kind.MediaTypeBase}.v1.{format.ToName()}" + compression.MediaTypeSuffix();

    /// <summary>
    /// The layer media type in <paramref name="artifact"/>'s format: for a ModelPack
    /// <c>application/vnd.cncf.model.&lt;base&gt;.v1.&lt;format&gt;[+&lt;compression&gt;]</c> with model-spec's base names.
    /// </summary>
    /// <exception cref="KitException">A kind or a compressed raw layer model-spec has no media type for.</exception>
    public static string Layer(LayerKind kind, LayerFormat format, LayerCompression compression, ArtifactFormat artifact)
    {
        if (artifact == ArtifactFormat.ModelKit) return Layer(kind, format, compression);
        if (kind.ModelPackBase is not { } modelPackBase)
            throw new KitException($"{kind.Section} are not supported when packing in modelpack format");
        if (format == LayerFormat.Raw && compression != LayerCompression.None)
            throw new KitException("compression for raw layers is not supported for ModelPack");
        return $"application/vnd.cncf.model.{modelPackBase}.v1.{format.ToName()}" + compression.MediaTypeSuffix();
    }

    /// <summary>The tar media type of <paramref name="kind"/>.</summary>
    public static string Layer(LayerKind kind, LayerCompression compression) => Layer(kind, LayerFormat.Tar, compression);

    /// <summary>
    /// Parses a layer's media type strictly, as KitOps 1.17 does, in either format: the whole string must match, with a
    /// known base, format and compression (a ModelPack raw layer is never compressed). The subtype annotation tells
    /// prompts from code.
    /// </summary>
    /// <param name="mediaType">The descriptor's media type.</param>
    /// <param name="subtype">The <c>ml.kitops.modelkit.layer-subtype</c> annotation, or null.</param>
    /// <param name="parsed">The kind, format and compression.</param>
    /// <param name="error">KitOps's message naming what is wrong.</param>
    public static bool TryParseLayer(string mediaType, string? subtype, [NotNullWhen(true)] out LayerMediaType? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var m = LayerPattern().Match(mediaType);
        var modelPack = !m.Success;
        if (modelPack) m = ModelPackLayerPattern().Match(mediaType);
        if (!m.Success)
        {
            error = $"unrecognized media type {mediaType}";
            return false;
        }
        var kindFound = modelPack
            ? LayerKind.TryParseModelPackBase(m.Groups[1].Value, subtype, out var kind)
            : LayerKind.TryParseMediaTypeBase(m.Groups[1].Value, subtype, out kind);
        if (!kindFound)
        {
            error = $"failed to parse media type: invalid base type {m.Groups[1].Value}";
            return false;
        }
        if (!LayerFormatExtensions.TryParseLayerFormat(m.Groups[2].Value, out var format))
        {
            error = $"failed to parse media type: invalid format {m.Groups[2].Value}";
            return false;
        }
        if (!LayerCompressionExtensions.TryParseMediaTypeSuffix(m.Groups[3].Value, out var compression))
        {
            error = $"failed to parse media type: invalid compression type {m.Groups[3].Value}";
            return false;
        }
        if (modelPack && format == LayerFormat.Raw && m.Groups[3].Success)
        {
            error = "invalid mediatype: model-spec does not support compression for raw layers";
            return false;
        }
        parsed = new LayerMediaType(kind!, format, compression);
        error = null;
        return true;
    }

    /// <summary>Parses a layer descriptor's media type and subtype annotation.</summary>
    public static bool TryParseLayer(Descriptor layer, [NotNullWhen(true)] out LayerMediaType? parsed, [NotNullWhen(false)] out string? error) =>
        TryParseLayer(layer.MediaType, layer.Annotations?.GetValueOrDefault(ModelKitAnnotations.LayerSubtype), out parsed, out error);

    /// <exception cref="KitException">KitOps's one-line message naming the unknown type.</exception>
    public static LayerMediaType ParseLayer(Descriptor layer) =>
        TryParseLayer(layer, out var parsed, out var error) ? parsed : throw new KitException($"layer {layer.Digest}: {error}");

    [GeneratedRegex(@"^application/vnd\.kitops\.modelkit\.(\w+)\.v1\.(\w+)(?:\+(\w+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerPattern();

    [GeneratedRegex(@"^application/vnd\.cncf\.model\.(\w+(?:\.\w+)?)\.v1\.(\w+)(?:\+(\w+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ModelPackLayerPattern();
}
