using Kit.Core.Store.KitOps;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.Migration;

/// <summary>
/// Reads one legacy (KitOps ≤ v0.2) repository layout, <c>storage/&lt;registry&gt;/&lt;repository&gt;/</c>,
/// whose index.json ref names are bare tags.
/// </summary>
internal sealed class LegacyLayoutReader(string storageRoot, Action<string> warn)
{
    /// <summary>The repository the layout belongs to, or null when its path is not a repository name.</summary>
    public string? RepositoryOf(string legacyLayout)
    {
        var repository = Path.GetRelativePath(storageRoot, legacyLayout).Replace(Path.DirectorySeparatorChar, '/');
        if (Names.IsValidRepository(repository))
            return repository;
        warn($"{legacyLayout} does not name a repository; its ModelKits are not migrated");
        return null;
    }

    /// <summary>Null when index.json cannot be read: the layout is then left alone.</summary>
    public List<MigratedName>? Read(string legacyLayout, string repository)
    {
        var names = new List<MigratedName>();
        ImageIndex index;
        try
        {
            index = ImageIndex.Parse(File.ReadAllBytes(Path.Combine(legacyLayout, "index.json")));
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            warn($"cannot read {Path.Combine(legacyLayout, "index.json")}: {Formatting.FileSystemMessages.Reason(e)}");
            return null;
        }
        foreach (var entry in index.Manifests)
        {
            var manifest = new Descriptor(entry.MediaType.Length == 0 ? MediaTypes.ImageManifest : entry.MediaType, entry.Digest, entry.Size);
            var tag = entry.Annotations is not null && entry.Annotations.TryGetValue(OciAnnotations.RefName, out var refName)
                ? KitOpsTagClassifier.TagOrNull(refName, repository, warn)
                : null;
            names.Add(new MigratedName(repository, tag, manifest));
        }
        return names;
    }
}
