using System.Security.Cryptography;
using System.Text;

namespace Kit.Core.Tests.Store.Migration;

/// <summary>
/// Writes storage directories the way KitOps does (behavior reference section 6.2/6.3), by hand, so the
/// migration is tested against KitOps's bytes and not against our own writer.
/// </summary>
internal sealed class KitOpsStorageWriter(string storage)
{
    public const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    public string Storage { get; } = storage;

    public sealed record Blob(string MediaType, string Digest, long Size)
    {
        public string Hex => Digest["sha256:".Length..];
        public string Json => $"{{\"mediaType\":\"{MediaType}\",\"digest\":\"{Digest}\",\"size\":{Size}}}";
    }

    public static Blob Describe(string mediaType, byte[] content) =>
        new(mediaType, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)), content.Length);

    /// <summary>Writes a blob into <c>&lt;layout&gt;/blobs/sha256/</c> (the shared one by default).</summary>
    public Blob WriteBlob(string mediaType, byte[] content, string? layout = null)
    {
        var blob = Describe(mediaType, content);
        var dir = Path.Combine(layout ?? Storage, "blobs", "sha256");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, blob.Hex), content);
        return blob;
    }

    /// <summary>A ModelKit manifest with its config and one layer, every blob written into <paramref name="layout"/>.</summary>
    public Blob WriteKit(string name, string layer, string? layout = null)
    {
        var config = WriteBlob("application/vnd.kitops.modelkit.config.v1+json",
            Encoding.UTF8.GetBytes($"{{\"manifestVersion\":\"1.0.0\",\"package\":{{\"name\":\"{name}\"}},\"model\":{{\"path\":\"m\"}}}}"), layout);
        var l = WriteBlob("application/vnd.kitops.modelkit.model.v1.tar", Encoding.UTF8.GetBytes(layer), layout);
        var manifest = $"{{\"schemaVersion\":2,\"mediaType\":\"{ManifestType}\",\"config\":{config.Json},\"layers\":[{l.Json}]}}";
        return WriteBlob(ManifestType, Encoding.UTF8.GetBytes(manifest), layout);
    }

    public static string Encode(string repository) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(repository)).Replace('+', '-').Replace('/', '_');

    public void WriteLayoutFile(string? layout = null)
    {
        Directory.CreateDirectory(layout ?? Storage);
        File.WriteAllText(Path.Combine(layout ?? Storage, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }

    /// <summary>The oras-managed shared index.json: every manifest by digest, no ref names.</summary>
    public void WriteSharedIndex(params Blob[] manifests) =>
        File.WriteAllText(Path.Combine(Storage, "index.json"),
            $"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{string.Join(",", manifests.Select(m => m.Json))}]}}");

    public string RepositoryIndexPath(string repository) => Path.Combine(Storage, Encode(repository) + "-index.json");
    public string RepositoryTagsPath(string repository) => Path.Combine(Storage, Encode(repository) + "-tags.json");

    public void WriteRepositoryIndex(string repository, params Blob[] manifests) =>
        File.WriteAllText(RepositoryIndexPath(repository),
            $"{{\"schemaVersion\":2,\"manifests\":[{string.Join(",", manifests.Select(m => m.Json))}]}}");

    /// <summary>Keys sorted, as Go's encoding/json writes a map.</summary>
    public void WriteRepositoryTags(string repository, params (string Tag, Blob Manifest)[] tags) =>
        File.WriteAllText(RepositoryTagsPath(repository),
            "{" + string.Join(",", tags.OrderBy(t => t.Tag, StringComparer.Ordinal).Select(t => $"\"{t.Tag}\":{t.Manifest.Json}")) + "}");

    public string LegacyLayout(string repository) => Path.Combine([Storage, .. repository.Split('/')]);

    /// <summary>A legacy per-repository layout's index.json: ref names are bare tags; null for an untagged entry.</summary>
    public void WriteLegacyIndex(string repository, params (string? Tag, Blob Manifest)[] entries)
    {
        var layout = LegacyLayout(repository);
        WriteLayoutFile(layout);
        var items = entries.Select(e => e.Tag is null
            ? e.Manifest.Json
            : e.Manifest.Json[..^1] + $",\"annotations\":{{\"org.opencontainers.image.ref.name\":\"{e.Tag}\"}}}}");
        File.WriteAllText(Path.Combine(layout, "index.json"),
            $"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{string.Join(",", items)}]}}");
    }
}
