using Kit.Core.Kitfiles;

namespace Kit.Core.References;

/// <summary>One ancestor of a ModelKit, as named by its child's <c>model.path</c>.</summary>
/// <param name="Written">The reference exactly as the child's Kitfile writes it.</param>
/// <param name="Reference">The parsed reference.</param>
/// <param name="Kitfile">The parent's Kitfile, read from its config.</param>
internal sealed record ParentModelKit(string Written, ModelReference Reference, Kitfile Kitfile)
{
    /// <summary>The paths of the parent's own layers (its model path too unless that names a further parent).</summary>
    public IEnumerable<string> LayerPaths => KitfileLayers.Of(Kitfile).Where(e => e.HasLayer).Select(e => e.Path);
}
