using System.Text.Json;
using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Store.Migration;

/// <summary>
/// Reads KitOps's per-repository <c>&lt;b64&gt;-index.json</c> / <c>&lt;b64&gt;-tags.json</c> pairs into names.
/// Blobs are already in our shared <c>blobs/</c>: KitOps's current layout and ours share it.
/// </summary>
internal sealed class CurrentLayoutReader(string storageRoot, Action<string> warn)
{
    /// <summary>Names of one repository; files whose name does not decode or whose JSON is unreadable go to <paramref name="unreadable"/>.</summary>
    public List<MigratedName> Read(string encoded, IReadOnlyList<string> files, List<string> unreadable)
    {
        var names = new List<MigratedName>();
        if (!RepositoryFileName.TryDecode(encoded, out var repository) || !Names.IsValidRepository(repository))
        {
            warn($"cannot tell which repository {string.Join(", ", files.Select(Path.GetFileName))} belong(s) to");
            unreadable.AddRange(files);
            return names;
        }
        var indexPath = Path.Combine(storageRoot, encoded + RepositoryFileName.IndexSuffix);
        var tagsPath = Path.Combine(storageRoot, encoded + RepositoryFileName.TagsSuffix);
        // Tags first, so a tagged manifest's membership below finds its pair already held.
        if (files.Contains(tagsPath))
        {
            foreach (var (key, manifest) in ReadTags(tagsPath, unreadable))
                names.Add(new MigratedName(repository, KitOpsTagClassifier.TagOrNull(key, repository, warn), manifest));
        }
        if (files.Contains(indexPath))
        {
            foreach (var manifest in ReadIndex(indexPath, unreadable))
                names.Add(new MigratedName(repository, null, manifest));
        }
        return names;
    }

    private IEnumerable<Descriptor> ReadIndex(string path, List<string> unreadable)
    {
        try
        {
            // KitOps writes a plain image index here (no mediaType, no ref names).
            return ImageIndex.Parse(File.ReadAllBytes(path)).Manifests;
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            warn($"cannot read {path}: {Formatting.FileSystemMessages.Reason(e)}");
            unreadable.Add(path);
            return [];
        }
    }

    private List<(string Key, Descriptor Manifest)> ReadTags(string path, List<string> unreadable)
    {
        var tags = new List<(string, Descriptor)>();
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException("not a JSON object");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (TryReadDescriptor(p.Value, out var d))
                    tags.Add((p.Name, d));
                else
                    warn($"tag '{p.Name}' in {path} has no valid descriptor; skipped");
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or IOException)
        {
            warn($"cannot read {path}: {Formatting.FileSystemMessages.Reason(e)}");
            unreadable.Add(path);
            tags.Clear();
        }
        return tags;
    }

    private static bool TryReadDescriptor(JsonElement e, out Descriptor descriptor)
    {
        descriptor = null!;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("digest", out var d) || !Digest.TryParse(d.ValueKind == JsonValueKind.String ? d.GetString() : null, out var digest)
            || !e.TryGetProperty("size", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt64(out var size) || size < 0)
            return false;
        var mediaType = e.TryGetProperty("mediaType", out var mt) && mt.ValueKind == JsonValueKind.String ? mt.GetString()! : MediaTypes.ImageManifest;
        descriptor = new Descriptor(mediaType, digest, size);
        return true;
    }
}
