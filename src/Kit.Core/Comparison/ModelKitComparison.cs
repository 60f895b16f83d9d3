using System.Text.RegularExpressions;
using Kit.Core.Kitfiles;
using Kit.Oci;

namespace Kit.Core.Comparison;

/// <summary>
/// How two ModelKit manifests differ (<c>kit diff</c>): config, manifest annotations, and which layers both have.
/// A layer is shared when the other manifest has a layer with the same digest and, when both record one, the same
/// file path annotation (so one file packed under two names is two layers); each layer pairs with at most one.
/// Every list is sorted by media type, keeping manifest order among equal types.
/// </summary>
internal sealed partial record ModelKitComparison(
    bool SameConfig,
    bool AnnotationsMatch,
    IReadOnlyList<Descriptor> Shared,
    IReadOnlyList<Descriptor> UniqueToFirst,
    IReadOnlyList<Descriptor> UniqueToSecond)
{
    /// <summary>The layer annotation holding the path the layer was packed from (KitOps 1.10 and later).</summary>
    public const string FilePathAnnotation = Format.ModelKitAnnotations.FilePath;

    public static ModelKitComparison Of(Manifest first, Manifest second)
    {
        var unmatched = first.Layers.ToList();
        var shared = new List<Descriptor>();
        var uniqueToSecond = new List<Descriptor>();
        foreach (var layer in second.Layers)
        {
            var match = unmatched.FindIndex(a => a.Digest == layer.Digest && SamePath(a, layer));
            if (match < 0)
            {
                uniqueToSecond.Add(layer);
                continue;
            }
            shared.Add(layer);
            unmatched.RemoveAt(match);
        }
        return new ModelKitComparison(first.Config.Digest == second.Config.Digest, SameAnnotations(first, second),
            ByMediaType(shared), ByMediaType(unmatched), ByMediaType(uniqueToSecond));
    }

    /// <summary>The layer type users know (<c>model</c>, <c>dataset</c>, <c>code</c>, ...) from a media type, as KitOps shows it.</summary>
    public static string TypeOf(string mediaType)
    {
        if (mediaType == MediaTypes.ImageManifest) return "manifest";
        var m = LayerMediaType().Match(mediaType);
        return m.Success ? m.Groups[1].Value : "(invalid media type)";
    }

    private static bool SamePath(Descriptor a, Descriptor b) =>
        PathOf(a) is not { } pathA || PathOf(b) is not { } pathB || KitfilePath.Clean(pathA) == KitfilePath.Clean(pathB);

    private static string? PathOf(Descriptor d) => d.Annotations?.GetValueOrDefault(FilePathAnnotation);

    private static bool SameAnnotations(Manifest a, Manifest b)
    {
        var x = a.Annotations ?? new Dictionary<string, string>();
        var y = b.Annotations ?? new Dictionary<string, string>();
        return x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && v == p.Value);
    }

    private static List<Descriptor> ByMediaType(List<Descriptor> layers) => [.. layers.OrderBy(l => l.MediaType, StringComparer.Ordinal)];

    [GeneratedRegex(@"^application/vnd\.kitops\.modelkit\.(\w+)\.v1\.(?:tar|raw)(?:\+\w+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LayerMediaType();
}
