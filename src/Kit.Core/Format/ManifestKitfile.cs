using Kit.Core.Kitfiles;
using Kit.Oci;

namespace Kit.Core.Format;

/// <summary>
/// The Kitfile a ModelKit carries, as config JSON, whichever format it is in: a ModelKit's config; a ModelPack's
/// <c>ml.kitops.modelkit.kitfile</c> annotation (KitOps keeps the Kitfile there); else one made up from the
/// ModelPack's layers.
/// </summary>
/// <param name="Json">The Kitfile as config JSON.</param>
/// <param name="Synthesized">Made up from a ModelPack without a Kitfile: unpack writes no Kitfile for it, as KitOps does.</param>
internal sealed record ManifestKitfile(byte[] Json, bool Synthesized)
{
    /// <exception cref="KitException">A ModelPack without a Kitfile whose layers cannot make one up.</exception>
    public static ManifestKitfile Of(Manifest manifest, byte[] config)
    {
        if (ModelKitMediaTypes.Recognize(manifest) != ArtifactFormat.ModelPack)
            return new ManifestKitfile(config, false);
        if (manifest.Annotations?.GetValueOrDefault(ModelKitAnnotations.Kitfile) is { } annotation)
            return new ManifestKitfile(System.Text.Encoding.UTF8.GetBytes(annotation), false);
        return new ManifestKitfile(KitfileJson.Write(ModelPackKitfile.Synthesize(manifest, config)), true);
    }

    /// <summary>The Kitfile JSON for a listing, which shows a kit even when no Kitfile can be made up for it; null then.</summary>
    public static byte[]? TryJson(Manifest manifest, byte[] config)
    {
        try
        {
            return Of(manifest, config).Json;
        }
        catch (KitException)
        {
            return null;
        }
    }
}
