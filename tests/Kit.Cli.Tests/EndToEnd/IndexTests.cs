using System.Text.Json;
using System.Text.RegularExpressions;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>kit index through the real registry: create, add with labels, push, pull into a fresh home, select by label; skopeo sees the index.</summary>
public sealed partial class IndexTests : TransferTestBase
{
    private string Variant(string name, string weights)
    {
        var dir = Work.Combine("ctx-" + name);
        Directory.CreateDirectory(Path.Combine(dir, "model"));
        File.WriteAllText(Path.Combine(dir, "model", "weights.bin"), weights);
        File.WriteAllText(Path.Combine(dir, "Kitfile"), $"manifestVersion: 1.0.0\npackage:\n  name: llama-{name}\nmodel:\n  name: {name}\n  path: model\n");
        return dir;
    }

    [RegistryTheory(Skopeo = true)]
    [InlineData(RegistryMode.PlainHttp)]
    [InlineData(RegistryMode.TlsBasicAuth)]
    public async Task Index_round_trips_through_the_registry_and_labels_select_the_ModelKit(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        var host = registry.HostPort;
        var repo = $"{host}/org/llama";
        var q4Dir = Variant("q4", "four bits");
        var f16Dir = Variant("f16", "sixteen bits, much larger");
        var q4 = Pack(q4Dir, "-t", $"{repo}:q4");
        var f16 = Pack(f16Dir, "-t", $"{repo}:f16");

        var created = Kit.Run("index", "create", $"{repo}:3").ShouldSucceed();
        Assert.Contains($"Created index {repo}:3 (digest sha256:a9fb1fab7732abad08678d29f8a52add461a4ebd3d6ddd078b94f2659ab9d595)", created.Stdout, StringComparison.Ordinal);
        Kit.Run("index", "add", $"{repo}:3", $"{repo}:q4", "-l", "quantization=q4_0", "-l", "vram=6GB").ShouldSucceed();
        Kit.Run("index", "add", $"{repo}:3", $"{repo}:f16", "-l", "quantization=f16", "-l", "layers:=32").ShouldSucceed();
        var info = Kit.Run("index", "info", $"{repo}:3").ShouldSucceed().Stdout;
        Assert.Contains("2 ModelKits:", info, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^org/llama:q4 +\S+ \S?i?B +quantization=q4_0 +<none> +" + q4 + "$", info.Replace(host + "/", "", StringComparison.Ordinal));
        var indexDigest = Regex.Match(Kit.Run("index", "list", "--format", "json").ShouldSucceed().Stdout, "\"digest\": \"(sha256:[0-9a-f]{64})\"").Groups[1].Value;

        // Nothing was pushed before: the index push carries both ModelKits, then the index under its tag.
        LogIn(Kit, registry);
        var push = KitNet(registry, "index", "push", $"{repo}:3").ShouldSucceed();
        Assert.Contains($"Pushed index {indexDigest}", push.Stdout, StringComparison.Ordinal);
        var raw = Tools.Run("skopeo", ["inspect", "--raw", .. SkopeoFlags(registry), $"docker://{repo}:3"]);
        Assert.Equal(File.ReadAllBytes(BlobPath(Kit, indexDigest)), raw);
        using (var index = JsonDocument.Parse(raw))
        {
            Assert.Equal("application/vnd.kitops.modelkit.index.v1+json", index.RootElement.GetProperty("artifactType").GetString());
            Assert.Equal([q4, f16], index.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()));
        }
        // skopeo copies the whole index with its ModelKits into an OCI layout.
        var layout = Work.Combine("skopeo-layout");
        Tools.Run("skopeo", ["copy", "-q", "--all", .. SkopeoFlags(registry, "src-"), $"docker://{repo}:3", $"oci:{layout}:copied"]);
        // (skopeo writes its own re-serialization of the index, without the labels, so only the ModelKits keep their digests.)
        Assert.All(new[] { q4, f16 }, d => Assert.True(File.Exists(Path.Combine(layout, "blobs", "sha256", d["sha256:".Length..]))));

        // A fresh home pulls the index and both ModelKits; unpack -l then needs no registry.
        var puller = FreshHome("puller");
        LogIn(puller, registry);
        var pulled = Net(puller, registry, "index", "pull", $"{repo}:3").ShouldSucceed();
        Assert.Contains($"Pulled index {indexDigest}", pulled.Stdout, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(puller.Storage, "indexes"), "*-tags.json"));
        // The ModelKits are kept untagged in the index's repository (kit list shows them, KitOps's files name them).
        Assert.Equal(new[] { (repo, (string?)null, q4), (repo, (string?)null, f16) }.ToHashSet(), Rows(puller).ToHashSet());
        var outDir = Work.Combine("out-q4");
        var unpack = puller.Run("unpack", $"{repo}:3", "-l", "quantization=q4_0", "-d", outDir).ShouldSucceed();
        Assert.Contains($"Index {repo}:3 refers to ModelKit {repo}:q4", unpack.Stderr, StringComparison.Ordinal);
        Assert.Equal("four bits", File.ReadAllText(Path.Combine(outDir, "model", "weights.bin")));
        var ambiguous = puller.Run("unpack", $"{repo}:3", "-d", Work.Combine("out-any")).ShouldFail();
        Assert.Contains("[ERROR] 2 ModelKits in the index match; add labels to select one of:", ambiguous.Stderr, StringComparison.Ordinal);
        Assert.Contains($"  {repo}:f16  (layers=32, quantization=f16)", ambiguous.Stderr, StringComparison.Ordinal);

        // pull -l in another home: only the selected ModelKit, tagged with the index's tag.
        var selector = FreshHome("selector");
        LogIn(selector, registry);
        var refused = Net(selector, registry, "pull", $"{repo}:3").ShouldFail();
        Assert.Contains($"reference {repo}:3 is a ModelKit index; select the ModelKit to pull with --label (-l)", refused.SingleErrorLine(), StringComparison.Ordinal);
        Assert.Equal(f16, Pulled(Net(selector, registry, "pull", $"{repo}:3", "-l", "layers=32").ShouldSucceed()));
        Assert.Equal([(repo, "3", f16)], Rows(selector));
        var remoteInfo = Net(selector, registry, "index", "info", "-r", $"{repo}:3").ShouldSucceed();
        Assert.Contains($"Index {repo}:3 ({indexDigest})", remoteInfo.Stdout, StringComparison.Ordinal);
    }

    [RegistryFact]
    public async Task An_index_of_ModelKits_added_from_the_registry_pushes_without_pulling_them()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var repo = $"{registry.HostPort}/org/remote-llama";
        Pack(Variant("q4", "four bits"), "-t", $"{repo}:q4");
        Pack(Variant("q8", "eight bits"), "-t", $"{repo}:q8");
        KitNet(registry, "push", $"{repo}:q4").ShouldSucceed();
        KitNet(registry, "push", $"{repo}:q8").ShouldSucceed();

        // Another machine that never pulled the ModelKits builds the index from what the registry has.
        var curator = FreshHome("curator");
        curator.Run("index", "create", $"{repo}:latest").ShouldSucceed();
        Net(curator, registry, "index", "add", $"{repo}:latest", $"{repo}:q4", "-r", "-l", "quantization=q4_0").ShouldSucceed();
        Net(curator, registry, "index", "add", $"{repo}:latest", $"{repo}:q8", "-r", "-l", "quantization=q8_0").ShouldSucceed();
        Net(curator, registry, "index", "push", $"{repo}:latest").ShouldSucceed();

        var user = FreshHome("user");
        var outDir = Work.Combine("out-q8");
        Net(user, registry, "unpack", $"{repo}:latest", "-l", "quantization=q8_0", "-d", outDir).ShouldSucceed();
        Assert.Equal("eight bits", File.ReadAllText(Path.Combine(outDir, "model", "weights.bin")));

        // Elsewhere, a ModelKit whose layers are neither stored nor in the destination is named, with what to do.
        var other = $"{registry.HostPort}/org/elsewhere";
        var error = Net(curator, registry, "index", "push", $"{repo}:latest", $"{other}:latest").ShouldFail().SingleErrorLine();
        Assert.StartsWith($"[ERROR] cannot push index {repo}:latest to {other}:latest: ModelKit {repo}:q4 is neither complete in the local store nor in the destination; pull it first", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Index_commands_say_what_is_wrong_in_KitOps_words()
    {
        var dir = Variant("a", "x");
        Pack(dir, "-t", "llama:a");
        Kit.Run("index", "create", "llama").ShouldSucceed();
        Assert.Contains("No tag specified for index. Using 'latest' as default ('other:latest')", Kit.Run("index", "create", "other").Stderr, StringComparison.Ordinal);
        Assert.Equal("[ERROR] missing tag or digest from index reference 'llama'", Kit.Run("index", "info", "llama").ShouldFail().SingleErrorLine());
        Assert.Equal("[ERROR] missing tag or digest from ModelKit reference 'llama'", Kit.Run("index", "add", "llama:latest", "llama").ShouldFail().SingleErrorLine());
        Assert.Equal("[ERROR] index is required for delete unless --all is specified", Kit.Run("index", "delete").ShouldFail().SingleErrorLine());
        Assert.Equal("[ERROR] tag or digest is required when deleting an index ('llama:<tag>')", Kit.Run("index", "delete", "llama").ShouldFail().SingleErrorLine());
        Assert.Equal("[ERROR] unsupported format \"yaml\": must be table or json", Kit.Run("index", "list", "--format", "yaml").ShouldFail().SingleErrorLine());
        Assert.Equal("[ERROR] invalid label \"q\": expected key=value", Kit.Run("unpack", "llama:latest", "-l", "q", "-d", Work.Combine("o")).ShouldFail().SingleErrorLine());
        Kit.Run("index", "add", "llama:latest", "llama:a", "-l", "q=1").ShouldSucceed();
        Assert.Equal("{\n  \"schemaVersion\": 2,", string.Join('\n', Kit.Run("index", "inspect", "llama:latest").ShouldSucceed().Stdout.Split('\n').Take(2)));
        // Indexes are not ModelKits: kit list does not show them, and kit index list shows only them.
        Assert.Equal(["llama"], ListJson().Select(e => e.GetProperty("repo").GetString()));
        var table = Kit.Run("index", "list").ShouldSucceed().Stdout;
        Assert.StartsWith("REPOSITORY   TAG      MODELKITS   DIGEST\n", table, StringComparison.Ordinal);
        Assert.Contains("llama        latest   1", table, StringComparison.Ordinal);
        Assert.Contains("other        latest   0", table, StringComparison.Ordinal);
        Kit.Run("unpack", "llama:latest", "-l", "q=1", "-d", Work.Combine("sel")).ShouldSucceed();
        Assert.Equal("x", File.ReadAllText(Work.Combine("sel", "model", "weights.bin")));
    }
}
