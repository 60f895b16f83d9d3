using Kit.Core.Kitfiles;
using Kit.Core.References;

namespace Kit.Core.Tests.References;

public class ModelKitChainTests
{
    private const string Model1 = """
        manifestVersion: 1.0.0
        package:
          name: base
          description: the base model
          authors: [alice]
        model:
          name: model-1
          path: weights
          license: Apache-2.0
          format: safetensors
          framework: pytorch
          parameters:
            temperature: 0.7
        datasets:
          - name: train
            path: data/train.csv
        """;

    private const string Model2 = """
        manifestVersion: 1.0.0
        package:
          authors: [bob]
        model:
          path: test-ref:model-1
          parts:
            - name: lora
              path: weights/lora
        """;

    private static FakeModelKitSource Chain() => new FakeModelKitSource()
        .Add("test-ref:model-1", Model1)
        .Add("test-ref:model-2", Model2);

    private const string Model3 = """
        package:
          name: model-3
        model:
          path: test-ref:model-2
          version: "3"
          parts:
            - name: adapter
              path: weights/lora/adapter
        """;

    private static Task<ResolvedModelKitChain> Resolve(string yaml, FakeModelKitSource resolver, string packedAs = "test-ref:model-3") =>
        ModelKitChain.ResolveAsync(KitfileYaml.Read(yaml), ModelReference.Parse(packedAs), resolver);

    [Fact]
    public async Task Three_levels_merge_newest_first_and_expose_every_parent_layer_path()
    {
        var chain = await Resolve(Model3, Chain());

        Assert.Equal(["test-ref:model-2", "test-ref:model-1"], chain.Parents.Select(p => p.Written));
        Assert.Equal(["weights/lora", "weights", "data/train.csv"], chain.ParentLayerPaths);

        var merged = chain.Merged;
        Assert.Equal("1.0.0", merged.ManifestVersion);
        Assert.Equal("model-3", merged.Package.Name);
        Assert.Equal("the base model", merged.Package.Description);
        Assert.Equal(["bob", "alice"], merged.Package.Authors);
        Assert.Equal("weights", merged.Model!.Path);
        Assert.Equal("model-1", merged.Model.Name);
        Assert.Equal("3", merged.Model.Version);
        Assert.Equal("pytorch", merged.Model.Framework);
        Assert.Equal(["adapter", "lora"], merged.Model.Parts.Select(p => p.Name));
        Assert.Equal(["train"], merged.Datasets.Select(d => d.Name));
    }

    [Fact]
    public async Task Prompts_mcp_servers_and_remote_datasets_of_parents_merge_like_every_list_section()
    {
        var parents = new FakeModelKitSource().Add("test-ref:agent", """
            manifestVersion: 1.0.0
            model:
              path: weights
            datasets:
              - {name: crawl, path: data/crawl, remotePath: 's3://bucket/crawl', remoteHash: etag}
            prompts:
              - {name: base, path: prompts/base.md}
            mcpServers:
              - {name: files, path: files.mcpb}
            """);
        var chain = await Resolve("manifestVersion: 1.0.0\nmodel:\n  path: test-ref:agent\nprompts:\n  - {name: tuned, path: prompts/tuned.md}\n", parents);

        Assert.Equal(["tuned", "base"], chain.Merged.Prompts.Select(p => p.Name));
        Assert.Equal(["files"], chain.Merged.McpServers.Select(p => p.Name));
        Assert.Equal("s3://bucket/crawl", Assert.Single(chain.Merged.Datasets).RemotePath);
        // Files under a parent's layers stay out of the child; a remote dataset has no layer to protect.
        Assert.Equal(["weights", "prompts/base.md", "files.mcpb"], chain.ParentLayerPaths);
    }

    [Fact]
    public async Task Model_license_format_and_parameters_are_kept_from_the_newest_kit_that_sets_them()
    {
        // KitOps drops these three while merging (gap 21).
        var inherited = (await Resolve(Model3, Chain())).Merged.Model!;
        Assert.Equal("Apache-2.0", inherited.License);
        Assert.Equal("safetensors", inherited.Format);
        Assert.NotNull(inherited.Parameters);

        var own = (await Resolve("""
            model:
              path: test-ref:model-2
              license: MIT
              format: gguf
              parameters:
                temperature: 0.1
            """, Chain())).Merged.Model!;
        Assert.Equal("MIT", own.License);
        Assert.Equal("gguf", own.Format);
        Assert.Equal(KitfileYaml.Read("model:\n  path: m\n  parameters:\n    temperature: 0.1\n").Model!.Parameters, own.Parameters);
    }

    [Fact]
    public async Task A_cycle_is_reported_with_the_whole_chain()
    {
        var resolver = Chain().Add("test-ref:model-3", Model3);
        var e = await Assert.ThrowsAsync<KitException>(() => Resolve("model:\n  path: test-ref:model-3\n", resolver, "test-ref:model-1"));
        Assert.Equal("Failed to resolve referenced modelkit test-ref:model-3: Found cycle in modelkit references: "
            + "[test-ref:model-1=>test-ref:model-3=>test-ref:model-2=>test-ref:model-1]", e.Message);
        Assert.DoesNotContain(ModelReference.Parse("test-ref:model-1"), resolver.Requests);
    }

    [Fact]
    public async Task Any_tag_the_kit_is_packed_under_closes_a_cycle()
    {
        var resolver = new FakeModelKitSource().Add("r:parent", "model:\n  path: r:second\n");
        var e = await Assert.ThrowsAsync<KitException>(() => Resolve("model:\n  path: r:parent\n", resolver, "r:first,second"));
        Assert.Contains("Found cycle in modelkit references: [r:first=>r:parent=>r:second]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parent_naming_several_tags_is_refused_before_it_is_looked_up()
    {
        // The walk is shared by pack, unpack and pull, so all three refuse it the same way, stored or not.
        var source = new FakeModelKitSource().Add("r:parent", "model:\n  path: weights\n");
        var e = await Assert.ThrowsAsync<KitException>(() => Resolve("model:\n  path: r:parent,other\n", source, "r:child"));
        Assert.Equal("Failed to resolve referenced modelkit r:parent,other: reference r:parent,other names several tags; a parent must be one modelkit", e.Message);
        Assert.Empty(source.Requests);
    }

    [Fact]
    public async Task Ten_parents_resolve_and_the_eleventh_is_refused()
    {
        var resolver = new FakeModelKitSource().Add("chain:0", "model:\n  path: weights\n");
        for (var i = 1; i <= 11; i++)
            resolver.Add($"chain:{i}", $"model:\n  path: chain:{i - 1}\n  parts:\n    - path: part{i}\n");

        var ten = await Resolve("model:\n  path: chain:9\n", resolver, "chain:top");
        Assert.Equal(10, ten.Parents.Count);
        resolver.Requests.Clear();

        var e = await Assert.ThrowsAsync<KitException>(() => Resolve("model:\n  path: chain:10\n", resolver, "chain:top"));
        Assert.StartsWith("Failed to resolve referenced modelkit chain:10: reached maximum number of model references: [chain:top=>chain:10=>chain:9=>", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("=>chain:1=>chain:0]", e.Message, StringComparison.Ordinal);
        Assert.Equal(10, resolver.Requests.Count);
    }

    [Fact]
    public async Task A_missing_parent_or_an_invalid_merged_kitfile_fails_in_one_line()
    {
        var missing = await Assert.ThrowsAsync<KitException>(() => Resolve("model:\n  path: nowhere:1\n", Chain()));
        Assert.Equal("Failed to resolve referenced modelkit nowhere:1: modelkit nowhere:1 not found in local storage", missing.Message);

        // The child's part reuses a path the parent already packs.
        var clash = await Assert.ThrowsAsync<KitException>(() => Resolve("model:\n  path: test-ref:model-1\n  parts:\n    - name: again\n      path: data/train.csv\n", Chain()));
        Assert.StartsWith("Failed to resolve referenced modelkit test-ref:model-1: ", clash.Message, StringComparison.Ordinal);
        Assert.Contains("use the same path data/train.csv", clash.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', clash.Message);
    }
}
