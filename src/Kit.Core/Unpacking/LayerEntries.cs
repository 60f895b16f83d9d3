using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Oci;

namespace Kit.Core.Unpacking;

/// <summary>Maps manifest layers to Kitfile entries by running index per layer kind (section 7.2).</summary>
internal sealed class LayerEntries(Kitfile kitfile)
{
    private readonly Dictionary<LayerKind, int> _next = [];

    public LayerEntry Next(LayerKind kind)
    {
        var i = _next.GetValueOrDefault(kind);
        _next[kind] = i + 1;
        var model = kitfile.Model;
        return kind switch
        {
            LayerKind.Model when model is not null => new(kind, model.Name, model.Path, model.Digest),
            LayerKind.ModelPart when model is not null && i < model.Parts.Count => new(kind, model.Parts[i].Name, model.Parts[i].Path, model.Parts[i].Digest),
            LayerKind.Code when i < kitfile.Code.Count => new(kind, "", kitfile.Code[i].Path, kitfile.Code[i].Digest),
            LayerKind.Dataset when i < kitfile.Datasets.Count => new(kind, kitfile.Datasets[i].Name, kitfile.Datasets[i].Path, kitfile.Datasets[i].Digest),
            LayerKind.Docs when i < kitfile.Docs.Count => new(kind, "", kitfile.Docs[i].Path, kitfile.Docs[i].Digest),
            _ => throw new KitException($"modelkit config has no entry for {kind.BaseType()} layer #{i + 1}: the config and manifest do not match"),
        };
    }
}

internal sealed record LayerEntry(LayerKind Kind, string Name, string Path, Digest? Digest)
{
    public bool IsSelectedBy(UnpackFilterSet filters) => Kind switch
    {
        LayerKind.Model => filters.IncludesModel(Name, Path),
        LayerKind.ModelPart => filters.IncludesModelPart(Name, Path),
        LayerKind.Code => filters.IncludesCode(Path),
        LayerKind.Dataset => filters.IncludesDataset(Name, Path),
        _ => filters.IncludesDocs(Path),
    };

    public string UnpackingMessage() => Kind switch
    {
        LayerKind.Model => $"Unpacking model {Name} to {Path}",
        LayerKind.ModelPart => $"Unpacking model part {Name} to {Path}",
        LayerKind.Code => $"Unpacking code to {Path}",
        LayerKind.Dataset => $"Unpacking dataset {Name} to {Path}",
        _ => $"Unpacking docs to {Path}",
    };
}
