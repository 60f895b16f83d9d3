using Kit.Core.Kitfiles;
using Kit.Oci;

namespace Kit.Core.Format;

/// <summary>
/// The Kitfile KitOps makes up for a ModelPack that carries none (one built by modctl or <c>docker model</c>), so it
/// lists, inspects and unpacks like any ModelKit: every layer becomes an entry at its <c>org.cncf.model.filepath</c>
/// with its digest and diffId; the first weight is the model, later weights and weight configs its parts.
/// </summary>
internal static class ModelPackKitfile
{
    /// <exception cref="KitException">
    /// The config is not model-spec's, a layer has no file path or a media type kit cannot read, or the diffIds do not
    /// match the layers; each with KitOps's message.
    /// </exception>
    public static Kitfile Synthesize(Manifest manifest, ReadOnlySpan<byte> config)
    {
        if (manifest.Config.MediaType != ModelKitMediaTypes.ModelPackConfig)
            throw new KitException("configuration descriptor does not describe a ModelPack config");
        var diffIds = ModelPackConfig.ReadDiffIds(config);
        if (diffIds.Count != manifest.Layers.Count)
            throw new KitException("invalid ModelPack config: number of layers does not match DiffIDs");

        var sections = LayerKind.All.ToDictionary(k => k, _ => new List<IKitfileEntry>());
        for (var i = 0; i < manifest.Layers.Count; i++)
        {
            var layer = manifest.Layers[i];
            var path = layer.Annotations?.GetValueOrDefault(ModelKitAnnotations.FilePath)
                ?? throw new KitException($"unknown file path for layer: no {ModelKitAnnotations.FilePath} annotation");
            var kind = ModelKitMediaTypes.ParseLayer(layer).Kind;
            if (kind == LayerKind.Model && sections[LayerKind.Model].Count > 0) kind = LayerKind.ModelPart;
            sections[kind].Add(kind.EntryAt(path).WithLayer(layer.Digest, diffIds[i]));
        }

        var kitfile = new Kitfile { ManifestVersion = "1.0.0", Model = new ModelSection() };
        foreach (var (kind, entries) in sections)
            if (entries.Count > 0) kitfile = kind.Replace(kitfile, entries);
        return kitfile;
    }
}
