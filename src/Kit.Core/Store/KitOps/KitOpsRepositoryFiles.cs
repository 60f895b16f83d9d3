using System.Text.Json;
using Kit.Oci;
using Kit.Oci.Layout;
using Kit.Oci.Serialization;

namespace Kit.Core.Store.KitOps;

/// <summary>
/// The two files KitOps keeps per repository beside the shared blobs: <c>&lt;b64&gt;-index.json</c>, a plain image
/// index of every manifest the repository holds (insertion order, once each, no annotations), and
/// <c>&lt;b64&gt;-tags.json</c>, an object from tag to manifest descriptor with its keys sorted. Either file is
/// absent when it would be empty. Read into names, and written, byte for byte as KitOps writes them.
/// </summary>
internal static class KitOpsRepositoryFiles
{
    /// <summary>
    /// One repository's names (tags first, then the manifests it holds untagged); null when a file is unreadable,
    /// which <paramref name="warn"/> is told. KitOps tags that are digests or invalid stay as membership only.
    /// </summary>
    /// <param name="repository">The decoded repository the files belong to.</param>
    /// <param name="index">The <c>-index.json</c> bytes, or null when absent.</param>
    /// <param name="tags">The <c>-tags.json</c> bytes, or null when absent.</param>
    /// <param name="where">The files' location, for messages.</param>
    /// <param name="warn">Receives one line per problem.</param>
    public static List<(string? Tag, Descriptor Manifest)>? Read(string repository, byte[]? index, byte[]? tags, string where, Action<string> warn)
    {
        var names = new List<(string?, Descriptor)>();
        try
        {
            if (tags is not null)
            {
                foreach (var (key, manifest) in ReadTags(tags, where, warn))
                    names.Add((KitOpsTagClassifier.TagOrNull(key, repository, warn), manifest));
            }
            if (index is not null)
            {
                foreach (var manifest in ImageIndex.Parse(index).Manifests)
                    names.Add((null, Plain(manifest)));
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            warn($"cannot read KitOps's files for {repository} ({where}): {e.Message}; they will be rewritten from kit's index");
            return null;
        }
        return names;
    }

    /// <summary><c>-index.json</c> for <paramref name="manifests"/>; null when there are none (KitOps then has no file).</summary>
    public static byte[]? RenderIndex(IReadOnlyCollection<Descriptor> manifests)
    {
        if (manifests.Count == 0)
            return null;
        var w = new GoJsonWriter();
        w.StartObject();
        w.Property("schemaVersion", 2);
        w.Name("manifests");
        w.StartArray();
        foreach (var m in manifests)
            DescriptorJson.Write(w, Plain(m));
        w.EndArray();
        w.EndObject();
        return w.ToUtf8Bytes();
    }

    /// <summary><c>-tags.json</c> for <paramref name="tags"/>, keys in byte order as Go writes a map; null when there are none.</summary>
    public static byte[]? RenderTags(IReadOnlyCollection<(string Tag, Descriptor Manifest)> tags)
    {
        if (tags.Count == 0)
            return null;
        var w = new GoJsonWriter();
        w.StartObject();
        foreach (var (tag, manifest) in tags.OrderBy(t => t.Tag, StringComparer.Ordinal))
        {
            w.Name(tag);
            DescriptorJson.Write(w, Plain(manifest));
        }
        w.EndObject();
        return w.ToUtf8Bytes();
    }

    private static List<(string Key, Descriptor Manifest)> ReadTags(byte[] bytes, string where, Action<string> warn)
    {
        var tags = new List<(string, Descriptor)>();
        using var doc = JsonDocument.Parse(bytes);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException("the tags file is not a JSON object");
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (TryReadDescriptor(p.Value, out var d))
                tags.Add((p.Name, d));
            else
                warn($"tag '{p.Name}' in {where} has no valid descriptor; skipped");
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

    private static Descriptor Plain(Descriptor d) => new(d.MediaType.Length == 0 ? MediaTypes.ImageManifest : d.MediaType, d.Digest, d.Size);
}
