using Kit.Core.Kitfiles;

namespace Kit.Core.References;

/// <summary>A Kitfile with its ancestors resolved.</summary>
/// <param name="Merged">The child merged with every ancestor, newest first; validated.</param>
/// <param name="Parents">Direct parent first, each with the reference as the child's Kitfile writes it.</param>
internal sealed record ResolvedModelKitChain(Kitfile Merged, IReadOnlyList<ParentChainWalk.Step> Parents)
{
    /// <summary>The paths of the parents' own layers (a model path too unless it names a further parent).</summary>
    public IEnumerable<string> ParentLayerPaths =>
        Parents.SelectMany(p => KitfileLayers.Of(p.Kit.Kitfile).Where(e => e.HasLayer).Select(e => e.Path));
}
