using Kit.Core.Kitfiles;

namespace Kit.Core.References;

/// <summary>A Kitfile with its ancestors resolved.</summary>
/// <param name="Merged">The child merged with every ancestor, newest first; validated.</param>
/// <param name="Parents">Direct parent first.</param>
internal sealed record ResolvedModelKitChain(Kitfile Merged, IReadOnlyList<ParentModelKit> Parents)
{
    public IEnumerable<string> ParentLayerPaths => Parents.SelectMany(p => p.LayerPaths);
}
