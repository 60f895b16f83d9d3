using System.Text.Json;
using Kit.Cli.Tests.EndToEnd;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.Commands;

public sealed class DiffCommandTests : RemoteTestBase
{
    private const string Rule = "---------------------------------------";

    /// <summary>Packs a kit with a model and a dataset into the local store; returns the layer digests (model, dataset) and sizes.</summary>
    private (string Model, string Dataset) PackKit(string tag, string model, string dataset, string name = "demo")
    {
        var dir = "kit-" + Guid.NewGuid().ToString("N");
        Work.WriteFile(Path.Combine(dir, "Kitfile"),
            $"manifestVersion: 1.0.0\npackage:\n  name: {name}\nmodel:\n  path: model.bin\ndatasets:\n  - path: data.csv\n");
        Work.WriteFile(Path.Combine(dir, "model.bin"), model);
        Work.WriteFile(Path.Combine(dir, "data.csv"), dataset);
        // One creation time, so the manifests' annotations are equal.
        Kit.RunWithEnvironment(new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" }, "pack", Work.Combine(dir), "-t", tag).ShouldSucceed();
        using var doc = JsonDocument.Parse(Kit.Run("inspect", tag).ShouldSucceed().Stdout);
        var layers = doc.RootElement.GetProperty("manifest").GetProperty("layers");
        return (layers[0].GetProperty("digest").GetString()!, layers[1].GetProperty("digest").GetString()!);
    }

    private string ConfigDigest(string tag)
    {
        using var doc = JsonDocument.Parse(Kit.Run("inspect", tag).ShouldSucceed().Stdout);
        return doc.RootElement.GetProperty("manifest").GetProperty("config").GetProperty("digest").GetString()!;
    }

    [Fact]
    public void Same_manifest_is_identical()
    {
        PackKit("a:1", "weights", "x,y");
        Kit.Run("tag", "a:1", "b:1").ShouldSucceed();
        Assert.Equal("ModelKits are identical\n", Kit.Run("diff", "a:1", "local://b:1").ShouldSucceed().Stdout);
        using var json = JsonDocument.Parse(Kit.Run("diff", "a:1", "b:1", "--format", "json").ShouldSucceed().Stdout);
        Assert.True(json.RootElement.GetProperty("identical").GetBoolean());
    }

    [Fact]
    public void Same_layers_with_another_config_share_every_layer()
    {
        var (model, dataset) = PackKit("a:1", "weights", "x,y", name: "first");
        PackKit("b:1", "weights", "x,y", name: "second");
        var stdout = Kit.Run("diff", "a:1", "b:1").ShouldSucceed().Stdout;
        Assert.Equal($"""
            Comparing:
              ModelKit1: localhost/a:1
              ModelKit2: localhost/b:1

            Configurations:
            {Rule}
            Configs differ:
              ModelKit1 Config Digest: {ConfigDigest("a:1")[..17]}
              ModelKit2 Config Digest: {ConfigDigest("b:1")[..17]}

            Annotations:
            {Rule}
              Annotations are identical 

            Shared Layers
            {Rule}
            Type    | Digest             | Size
            Dataset | {dataset[..17]}  | 2.0 KiB
            Model   | {model[..17]}  | 2.0 KiB

            Unique Layers to ModelKit1 (localhost/a:1)
            {Rule}
            <none>

            Unique Layers to ModelKit2 (localhost/b:1)
            {Rule}
            <none>


            """, stdout);
    }

    [Fact]
    public void Different_layers_are_listed_per_kit()
    {
        var (modelA, datasetA) = PackKit("a:1", "weights", "x,y");
        var (modelB, datasetB) = PackKit("b:1", "weights", "x,y,z");
        Assert.Equal(modelA, modelB);
        var stdout = Kit.Run("diff", "a:1", "b:1").ShouldSucceed().Stdout;
        Assert.Contains($"""
            Shared Layers
            {Rule}
            Type    | Digest             | Size
            Model   | {modelA[..17]}  | 2.0 KiB

            Unique Layers to ModelKit1 (localhost/a:1)
            {Rule}
            Type    | Digest             | Size
            Dataset | {datasetA[..17]}  | 2.0 KiB

            Unique Layers to ModelKit2 (localhost/b:1)
            {Rule}
            Type    | Digest             | Size
            Dataset | {datasetB[..17]}  | 2.0 KiB

            """, stdout, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(Kit.Run("diff", "a:1", "b:1", "--format", "json").ShouldSucceed().Stdout);
        var root = json.RootElement;
        Assert.False(root.GetProperty("identical").GetBoolean());
        Assert.False(root.GetProperty("sameConfig").GetBoolean());
        Assert.Equal("localhost/a:1", root.GetProperty("modelKit1").GetProperty("reference").GetString());
        Assert.Equal(modelA, Assert.Single(root.GetProperty("sharedLayers").EnumerateArray()).GetProperty("digest").GetString());
        var unique1 = Assert.Single(root.GetProperty("uniqueLayers1").EnumerateArray());
        Assert.Equal("dataset", unique1.GetProperty("type").GetString());
        Assert.Equal(datasetA, unique1.GetProperty("digest").GetString());
        Assert.Equal(datasetB, Assert.Single(root.GetProperty("uniqueLayers2").EnumerateArray()).GetProperty("digest").GetString());
    }

    [Fact]
    public void Missing_kit_names_which_one()
    {
        PackKit("a:1", "weights", "x,y");
        var error = Kit.Run("diff", "a:1", "local://nope:1").ShouldFail().SingleErrorLine();
        Assert.StartsWith("[ERROR] Failed to get manifest for ModelKit2: ", error, StringComparison.Ordinal);
        Assert.Contains("nope", error, StringComparison.Ordinal);
    }

    [RegistryFact]
    public async Task Local_and_remote_prefixes_read_the_store_and_the_registry()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var remote = $"{registry.HostPort}/team/demo:1";
        PackKit(remote, "weights", "x,y");
        KitNet(registry, "push", remote).ShouldSucceed();
        Assert.Equal("ModelKits are identical\n", KitNet(registry, "diff", "local://" + remote, "remote://" + remote).ShouldSucceed().Stdout);

        // Only in the registry: local:// fails, no prefix falls back to the registry.
        Kit.Run("remove", remote).ShouldSucceed();
        Assert.StartsWith("[ERROR] Failed to get manifest for ModelKit1: ",
            KitNet(registry, "diff", "local://" + remote, "remote://" + remote).ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        PackKit("b:1", "weights", "x,y,z");
        var stdout = KitNet(registry, "diff", remote, "b:1").ShouldSucceed().Stdout;
        Assert.Contains($"  ModelKit1: {remote}\n", stdout, StringComparison.Ordinal);
    }
}
