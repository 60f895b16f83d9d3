using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Oci;

namespace Kit.Core.Unpacking;

/// <summary>A manifest layer and the Kitfile entry it was packed from.</summary>
/// <param name="Entry">The Kitfile entry.</param>
/// <param name="Layer">The manifest's descriptor.</param>
/// <param name="MediaType">What the descriptor's media type says (format and compression).</param>
internal sealed record MatchedLayer(KitfileLayer Entry, Descriptor Layer, LayerMediaType MediaType);

/// <summary>
/// Pairs manifest layers with Kitfile entries as KitOps 1.17 does. When every entry with a layer records its digest (KitOps
/// 0.5 and later), each entry takes the manifest layer with that digest, preferring one whose file path annotation is
/// the entry's path, since two entries can have the same bytes (two identical files packed raw). A config without
/// digests (before KitOps 0.5) is paired by position within each layer kind, every model layer with the one model.
/// </summary>
internal static class KitfileLayerMatcher
{
    /// <summary>
    /// The pairs in the Kitfile's order when the config records digests (as KitOps 1.17 plans an unpack), else in manifest
    /// order; manifest layers no entry claims are left out.
    /// </summary>
    /// <exception cref="KitException">Digests missing from the manifest, a config that records only some digests, or a layer type that cannot be read.</exception>
    public static IReadOnlyList<MatchedLayer> Match(Kitfile kitfile, Manifest manifest)
    {
        var entries = KitfileLayers.Of(kitfile).Where(e => e.HasLayer).ToList();
        var withDigest = entries.Count(e => e.Digest is not null);
        if (withDigest > 0 && withDigest < entries.Count)
            throw new KitException("invalid digests in layerinfo in Kitfile");
        return withDigest > 0 ? ByDigest(entries, manifest) : ByPosition(kitfile, manifest);
    }

    private static List<MatchedLayer> ByDigest(List<KitfileLayer> entries, Manifest manifest)
    {
        var claimed = new int?[manifest.Layers.Count];
        for (var e = 0; e < entries.Count; e++)
        {
            var entry = entries[e];
            var path = KitfilePath.Clean(entry.Path);
            var candidates = Enumerable.Range(0, manifest.Layers.Count)
                .Where(i => claimed[i] is null && manifest.Layers[i].Digest == entry.Digest).ToList();
            if (candidates.Count == 0)
                throw new KitException($"digest {entry.Digest} not found in manifest");
            var index = candidates.FirstOrDefault(i => PathOf(manifest.Layers[i]) is { } p && KitfilePath.Clean(p) == path, -1);
            if (index < 0) index = candidates.FirstOrDefault(i => PathOf(manifest.Layers[i]) is null, candidates[0]);
            claimed[index] = e;
        }
        // KitOps's plan order (the Kitfile's: model, parts, datasets, code, docs, prompts, MCP servers), whatever order the
        // manifest has; for a kit packed by either tool the two are the same.
        var layerOf = new int[entries.Count];
        for (var i = 0; i < manifest.Layers.Count; i++)
            if (claimed[i] is { } e) layerOf[e] = i;
        return [.. entries.Select((entry, e) => new MatchedLayer(entry, manifest.Layers[layerOf[e]], ModelKitMediaTypes.ParseLayer(manifest.Layers[layerOf[e]])))];
    }

    private static List<MatchedLayer> ByPosition(Kitfile kitfile, Manifest manifest)
    {
        var entries = KitfileLayers.Of(kitfile);
        var next = new Dictionary<LayerKind, int>();
        var matched = new List<MatchedLayer>();
        foreach (var layer in manifest.Layers)
        {
            var mediaType = ModelKitMediaTypes.ParseLayer(layer);
            var kind = mediaType.Kind;
            var i = next.GetValueOrDefault(kind);
            next[kind] = i + 1;
            var entry = entries.Where(e => e.Kind == kind && (kind.IsSingle || e.HasLayer)).ElementAtOrDefault(kind.IsSingle ? 0 : i)
                ?? throw new KitException($"modelkit config has no entry for {kind.MediaTypeBase} layer #{i + 1}: the config and manifest do not match");
            matched.Add(new MatchedLayer(entry, layer, mediaType));
        }
        return matched;
    }

    private static string? PathOf(Descriptor layer) => layer.Annotations?.GetValueOrDefault(ModelKitAnnotations.FilePath);
}
