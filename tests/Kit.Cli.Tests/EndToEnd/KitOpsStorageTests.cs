using System.Text;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// A machine where KitOps stored ModelKits: our kit must show and use them without any step from the user.
/// The stores are written the way KitOps writes them (behavior reference 6.2/6.3), from blobs our pack made.
/// </summary>
public sealed class KitOpsStorageTests : KitTestBase
{
    private const string ManifestType = "application/vnd.oci.image.manifest.v1+json";

    private string Context(string name, string content)
    {
        Work.WriteFile($"{name}/Kitfile", $"manifestVersion: 1.0.0\npackage:\n  name: {name}\nmodel:\n  path: m\n");
        Work.WriteFile($"{name}/m/w.bin", content);
        return Work.Combine(name);
    }

    private string Descriptor(string digest) =>
        $"{{\"mediaType\":\"{ManifestType}\",\"digest\":\"{digest}\",\"size\":{new FileInfo(Path.Combine(BlobsDir, digest[7..])).Length}}}";

    private static string B64(string repository) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(repository)).Replace('+', '-').Replace('/', '_');

    /// <summary>Leaves only what KitOps has in a storage directory: oci-layout and blobs (the test writes its index files).</summary>
    private void StripOurIndex()
    {
        foreach (var name in new[] { "index.json", "index.lock", "kit-mirror.sum" })
            File.Delete(Path.Combine(Kit.Storage, name));
        foreach (var file in Directory.GetFiles(Kit.Storage, "*-index.json").Concat(Directory.GetFiles(Kit.Storage, "*-tags.json")))
            File.Delete(file);
        foreach (var name in new[] { "ingest", "leases" })
            Directory.Delete(Path.Combine(Kit.Storage, name), true);
    }

    [Fact]
    public void Kits_in_kitops_current_layout_are_shared_listed_unpacked_and_removed()
    {
        var tagged = Pack(Context("tagged", "weights-1"), "-t", "mig:v1");
        var untagged = Pack(Context("loose", "weights-2"));
        StripOurIndex();
        File.WriteAllText(Path.Combine(Kit.Storage, "index.json"),
            $"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{Descriptor(tagged)},{Descriptor(untagged)}]}}");
        File.WriteAllText(Path.Combine(Kit.Storage, B64("localhost/mig") + "-index.json"), $"{{\"schemaVersion\":2,\"manifests\":[{Descriptor(tagged)}]}}");
        File.WriteAllText(Path.Combine(Kit.Storage, B64("localhost/mig") + "-tags.json"), $"{{\"latest\":{Descriptor(tagged)},\"v1\":{Descriptor(tagged)}}}");
        File.WriteAllText(Path.Combine(Kit.Storage, B64("localhost/_") + "-index.json"), $"{{\"schemaVersion\":2,\"manifests\":[{Descriptor(untagged)}]}}");
        File.WriteAllText(Path.Combine(Kit.Storage, B64("localhost/_") + "-tags.json"), $"{{\"{untagged}\":{Descriptor(untagged)}}}");

        var list = Kit.Run("list").ShouldSucceed();
        Assert.Contains("kit and KitOps now share this store", list.Stderr, StringComparison.Ordinal);
        Assert.Equal([("", null, untagged), ("mig", "latest", tagged), ("mig", "v1", tagged)], ListRows());
        // Shared, not converted: KitOps's files stay, and say the same.
        Assert.Equal($"{{\"latest\":{Descriptor(tagged)},\"v1\":{Descriptor(tagged)}}}",
            File.ReadAllText(Path.Combine(Kit.Storage, B64("localhost/mig") + "-tags.json")));
        Assert.DoesNotContain("share", Kit.Run("list").ShouldSucceed().Stderr, StringComparison.Ordinal);

        Kit.Run("unpack", "mig:v1", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal("weights-1", File.ReadAllText(Work.Combine("out", "m", "w.bin")));

        Kit.Run("remove", "mig:v1", "--force").ShouldSucceed();
        Kit.Run("remove", untagged).ShouldSucceed();
        Assert.Empty(ListRows());
        Assert.Equal(0, BlobCount());
        Assert.Empty(Directory.GetFiles(Kit.Storage, "*-tags.json"));
        Assert.Empty(Directory.GetFiles(Kit.Storage, "*-index.json"));
    }

    [Fact]
    public void A_tag_kitops_adds_is_seen_by_the_next_command_and_kit_removes_it_from_kitops_files()
    {
        var digest = Pack(Context("shared", "weights-s"), "-t", "shared:v1");
        var tagsFile = Path.Combine(Kit.Storage, B64("localhost/shared") + "-tags.json");
        Assert.Equal($"{{\"v1\":{Descriptor(digest)}}}", File.ReadAllText(tagsFile));

        // KitOps's `kit tag shared:v1 shared:v9` rewrites the tags file (no lock, plain write).
        File.WriteAllText(tagsFile, $"{{\"v1\":{Descriptor(digest)},\"v9\":{Descriptor(digest)}}}");
        Assert.Equal([("shared", "v1", digest), ("shared", "v9", digest)], ListRows());

        Kit.Run("remove", "shared:v1").ShouldSucceed();
        Assert.Equal($"{{\"v9\":{Descriptor(digest)}}}", File.ReadAllText(tagsFile));
        Kit.Run("unpack", "shared:v9", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal("weights-s", File.ReadAllText(Work.Combine("out", "m", "w.bin")));
    }

    [Fact]
    public void Kits_in_kitops_legacy_layout_are_moved_into_the_shared_store()
    {
        var d = Pack(Context("old", "weights-old"), "-t", "legacy:v1");
        var blobs = BlobCount();
        StripOurIndex();
        // Legacy: one layout per repository with its own copy of every blob, ref names are bare tags.
        foreach (var repository in new[] { "localhost/legacy", "localhost/copy" })
        {
            var layout = Path.Combine(Kit.Storage, repository);
            Directory.CreateDirectory(Path.Combine(layout, "blobs", "sha256"));
            foreach (var blob in Directory.GetFiles(BlobsDir))
                File.Copy(blob, Path.Combine(layout, "blobs", "sha256", Path.GetFileName(blob)));
            File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            File.WriteAllText(Path.Combine(layout, "index.json"),
                $"{{\"schemaVersion\":2,\"manifests\":[{Descriptor(d)[..^1]},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"v1\"}}}}]}}");
        }
        Directory.Delete(Path.Combine(Kit.Storage, "blobs"), true);
        File.Delete(Path.Combine(Kit.Storage, "oci-layout"));

        var info = Kit.Run("info", "legacy:v1").ShouldSucceed();
        Assert.Contains("Migrating local storage to new format", info.Stderr, StringComparison.Ordinal);
        Assert.Contains("name: old", info.Stdout, StringComparison.Ordinal);
        Assert.Equal([("copy", "v1", d), ("legacy", "v1", d)], ListRows());
        Assert.Equal(blobs, BlobCount());
        Assert.False(Directory.Exists(Path.Combine(Kit.Storage, "localhost")));
        AssertBlobsIntact();
    }
}
