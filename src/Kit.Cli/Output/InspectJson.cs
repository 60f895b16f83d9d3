using System.Text.Json;
using Kit.Core.ModelKits;
using Kit.Oci.Serialization;

namespace Kit.Cli.Output;

/// <summary>What <c>kit inspect</c> prints, for a kit from the local store or a registry alike.</summary>
internal static class InspectJson
{
    public const string CliVersionAnnotation = Kit.Core.Format.ModelKitAnnotations.CliVersion;

    public static string Format(ModelKit kit)
    {
        var w = new GoJsonWriter("  ");
        w.StartObject();
        w.Property("digest", kit.Digest.ToString());
        w.Property("cliVersion", kit.Manifest.Annotations?.GetValueOrDefault(CliVersionAnnotation) ?? "unknown");
        using (var config = JsonDocument.Parse(kit.CarriedKitfile.Json, Kit.Oci.Serialization.GoJsonDepth.DocumentOptions))
        {
            w.Name("kitfile");
            GoJsonElementWriter.Write(w, config.RootElement);
        }
        using (var manifest = JsonDocument.Parse(kit.ManifestBytes))
        {
            w.Name("manifest");
            GoJsonElementWriter.Write(w, manifest.RootElement);
        }
        w.EndObject();
        return w.ToString();
    }
}
