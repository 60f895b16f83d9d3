using System.Diagnostics;
using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

public sealed class StoreTests : KitTestBase
{
    [Fact]
    public void Store_is_one_oci_layout_and_every_blob_is_stored_once()
    {
        var ctx = Path.Combine(RepoPaths.Examples, "sentiment");
        var d = Pack(ctx, "-t", "first:1");
        Assert.True(File.Exists(Path.Combine(Kit.Storage, "oci-layout")));
        var blobs = BlobBytesOnDisk();
        var count = BlobCount();

        // The same content packed into a second repository, and tagged into a third: no blob bytes added.
        Assert.Equal(d, Pack(ctx, "-t", "second:1"));
        Kit.Run("tag", "first:1", "registry.example.com/team/third:v9").ShouldSucceed();
        Assert.Equal(blobs, BlobBytesOnDisk());
        Assert.Equal(count, BlobCount());
        Assert.Equal(
            [("first", "1", d), ("registry.example.com/team/third", "v9", d), ("second", "1", d)],
            ListRows());

        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Kit.Storage, "index.json")));
        var refNames = index.RootElement.GetProperty("manifests").EnumerateArray()
            .Select(m => m.TryGetProperty("annotations", out var a) && a.TryGetProperty("org.opencontainers.image.ref.name", out var n) ? n.GetString() : null)
            .ToList();
        Assert.Contains("localhost/first:1", refNames);
        Assert.Contains("registry.example.com/team/third:v9", refNames);
        AssertBlobsIntact();
    }

    [SkopeoFact]
    public void Skopeo_reads_the_store_and_sees_the_manifest_kit_inspect_reports()
    {
        var d = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "sk:v1");
        var raw = Tools.Run("skopeo", "inspect", "--raw", $"oci:{Kit.Storage}:localhost/sk:v1");
        var inspect = JsonDocument.Parse(Kit.Run("inspect", "sk:v1").ShouldSucceed().Stdout).RootElement;
        Assert.Equal(d, inspect.GetProperty("digest").GetString());
        Assert.Equal(d, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw)));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse(raw), System.Text.Json.Nodes.JsonNode.Parse(inspect.GetProperty("manifest").GetRawText())));
    }

    [SkopeoFact]
    public void Skopeo_copies_out_of_the_store_with_the_same_digests()
    {
        var d = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "sk:v1");
        var dest = Work.Combine("copy");
        Tools.Run("skopeo", "copy", $"oci:{Kit.Storage}:localhost/sk:v1", $"oci:{dest}:copied");
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dest, "index.json")));
        Assert.Equal(d, index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString());
    }

    [Fact]
    public void Concurrent_packs_into_different_repositories_lose_no_tag()
    {
        var ctxs = Enumerable.Range(0, 4).Select(i =>
        {
            Work.WriteFile($"c{i}/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
            Work.WriteFile($"c{i}/m/w.bin", new string('x', 100_000 + i));
            return Work.Combine($"c{i}");
        }).ToList();
        var results = ctxs.AsParallel().WithDegreeOfParallelism(4)
            .Select((c, i) => Kit.Run("pack", c, "-t", $"par{i}:1")).ToList();
        foreach (var r in results) r.ShouldSucceed();
        Assert.Equal(4, ListRows().Count);
        AssertBlobsIntact();
    }

    [Fact]
    public void A_killed_pack_leaves_a_store_that_works()
    {
        Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "before:1");
        Work.WriteFile("big/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
        Directory.CreateDirectory(Work.Combine("big", "m"));
        using (var f = File.Create(Work.Combine("big", "m", "w.bin")))
        {
            var chunk = new byte[1 << 20];
            Random.Shared.NextBytes(chunk);
            for (var i = 0; i < 400; i++) f.Write(chunk);
        }

        var psi = Kit.BinaryStartInfo("pack", Work.Combine("big"), "-t", "killed:1");
        psi.RedirectStandardInput = false;
        using (var p = Process.Start(psi)!)
        {
            var ingest = Path.Combine(Kit.Storage, "ingest");
            var sw = Stopwatch.StartNew();
            // Kill while the layer is being written (a temp file exists in ingest/).
            while (sw.Elapsed < TimeSpan.FromSeconds(20) && !p.HasExited &&
                   !(Directory.Exists(ingest) && Directory.EnumerateFiles(ingest).Any(f => new FileInfo(f).Length > 0)))
                Thread.Sleep(5);
            p.Kill();
            p.WaitForExit();
        }

        AssertBlobsIntact();
        Assert.Contains(ListRows(), r => r.Repo == "before");
        Assert.DoesNotContain(ListRows(), r => r.Repo == "killed");
        Pack(Work.Combine("big"), "-t", "killed:1");
        Kit.Run("remove", "killed:1").ShouldSucceed();
        // The stale temp file of the killed run is gone once the store is collected again.
        var leftovers = Directory.Exists(Path.Combine(Kit.Storage, "ingest")) ? Directory.GetFiles(Path.Combine(Kit.Storage, "ingest")) : [];
        Assert.Empty(leftovers);
    }
}
