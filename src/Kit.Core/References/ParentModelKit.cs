using Kit.Core.Kitfiles;

namespace Kit.Core.References;

/// <summary>One ancestor of a ModelKit, as named by its child's <c>model.path</c>.</summary>
/// <param name="Written">The reference exactly as the child's Kitfile writes it.</param>
public sealed record ParentModelKit(string Written, ModelReference Reference, Kitfile Kitfile)
{
    /// <summary>The paths of the parent's own layers (its model path too unless that names a further parent).</summary>
    public IEnumerable<string> LayerPaths
    {
        get
        {
            if (Kitfile.Model is { } model)
            {
                if (model.Path.Length > 0 && !ModelKitReferenceDetector.IsModelKitReference(model.Path)) yield return model.Path;
                foreach (var part in model.Parts) yield return part.Path;
            }
            foreach (var code in Kitfile.Code) yield return code.Path;
            foreach (var dataset in Kitfile.Datasets) yield return dataset.Path;
            foreach (var docs in Kitfile.Docs) yield return docs.Path;
        }
    }
}
