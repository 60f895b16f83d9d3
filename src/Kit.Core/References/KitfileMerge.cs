using Kit.Core.Format;
using Kit.Core.Kitfiles;

namespace Kit.Core.References;

/// <summary>
/// Merges a Kitfile with its parent's as KitOps does when resolving references: the child's values win,
/// lists are concatenated child first, and the model path becomes the parent's.
/// </summary>
/// <remarks>
/// KitOps drops model license, format and parameters here; they are kept, newest non-empty first,
/// so validation and anything reading the merged Kitfile see what the chain declares.
/// </remarks>
internal static class KitfileMerge
{
    public static Kitfile WithParent(Kitfile child, Kitfile parent)
    {
        var merged = new Kitfile
        {
            ManifestVersion = First(child.ManifestVersion, parent.ManifestVersion),
            Package = new PackageSection
            {
                Name = First(child.Package.Name, parent.Package.Name),
                Version = First(child.Package.Version, parent.Package.Version),
                Description = First(child.Package.Description, parent.Package.Description),
                License = First(child.Package.License, parent.Package.License),
                Authors = [.. child.Package.Authors, .. parent.Package.Authors],
            },
            Model = Model(child.Model, parent.Model),
        };
        // Every list section (model parts included) is the child's entries, then the parent's.
        foreach (var kind in LayerKind.All.Where(k => !k.IsSingle))
            merged = kind.Replace(merged, [.. kind.EntriesOf(child), .. kind.EntriesOf(parent)]);
        return merged;
    }

    private static ModelSection? Model(ModelSection? child, ModelSection? parent)
    {
        if (child is null) return parent;
        if (parent is null) return child with { Path = "", Digest = null, DiffId = null };
        // Parts are merged with the other list sections.
        return new ModelSection
        {
            Name = First(child.Name, parent.Name),
            Path = parent.Path,
            License = First(child.License, parent.License),
            Framework = First(child.Framework, parent.Framework),
            Format = First(child.Format, parent.Format),
            Version = First(child.Version, parent.Version),
            Description = First(child.Description, parent.Description),
            Parameters = child.Parameters ?? parent.Parameters,
            Digest = parent.Digest,
            DiffId = parent.DiffId,
        };
    }

    private static string First(string newer, string older) => newer.Length > 0 ? newer : older;
}
