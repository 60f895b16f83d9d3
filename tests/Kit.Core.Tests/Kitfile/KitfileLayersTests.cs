using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.Unpacking;
using Kit.Oci;

namespace Kit.Core.Tests.Kitfile;

public class KitfileLayersTests
{
    private const string AllSections = """
        manifestVersion: 1.0.0
        package: {name: p}
        docs:
          - path: README.md
        datasets:
          - {name: train, path: data/train}
          - {name: test, path: data/test}
        code:
          - path: src
        model:
          name: m
          path: model
          parts:
            - {name: lora, path: adapters/lora}
            - {path: adapters/other}
        """;

    private static Digest D(char c) => Digest.Parse("sha256:" + new string(c, 64));

    [Fact]
    public void A_Kitfile_with_all_sections_lists_its_entries_in_pack_order()
    {
        var layers = KitfileLayers.Of(KitfileYaml.Read(AllSections));
        Assert.Equal(
        [
            (LayerKind.Model, 0, "m", "model"),
            (LayerKind.ModelPart, 0, "lora", "adapters/lora"),
            (LayerKind.ModelPart, 1, "", "adapters/other"),
            (LayerKind.Code, 0, null, "src"),
            (LayerKind.Dataset, 0, "train", "data/train"),
            (LayerKind.Dataset, 1, "test", "data/test"),
            (LayerKind.Docs, 0, null, "README.md"),
        ], layers.Select(l => (l.Kind, l.Index, l.Name, l.Path)));
        Assert.All(layers, l => Assert.True(l.HasLayer));
        // Entries are listed in the order of LayerKind.All whatever order the Kitfile writes its sections in.
        Assert.Equal(layers.Select(l => l.Kind), layers.Select(l => l.Kind).OrderBy(k => LayerKind.All.ToList().IndexOf(k)));
    }

    [Fact]
    public void Every_kinds_section_is_where_its_entries_are_in_the_Kitfile()
    {
        var kitfile = KitfileYaml.Read(AllSections);
        foreach (var kind in LayerKind.All)
        {
            var section = KitfileFilter.Apply(kitfile, "." + kind.Section);
            foreach (var layer in KitfileLayers.Of(kitfile).Where(l => l.Kind == kind))
                Assert.Contains($"path: {layer.Path}\n", section, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("model: {name: m}\n")]
    [InlineData("model: {path: registry.example.com/base:1}\n")]
    public void A_model_without_path_or_naming_a_parent_is_listed_without_a_layer(string yaml)
    {
        var layer = Assert.Single(KitfileLayers.Of(KitfileYaml.Read(yaml)));
        Assert.Same(LayerKind.Model, layer.Kind);
        Assert.False(layer.HasLayer);
    }

    [Fact]
    public void An_empty_Kitfile_has_no_entries() =>
        Assert.Empty(KitfileLayers.Of(KitfileYaml.Read("manifestVersion: 1.0.0\n")));

    [Fact]
    public void Digests_go_back_to_the_entries_with_a_layer_in_list_order()
    {
        var kitfile = KitfileYaml.Read("model:\n  path: base:1\n  parts: [{path: a}]\ncode: [{path: b}]\ndatasets: [{path: c}]\ndocs: [{path: d}]\n");
        var packed = KitfileLayers.WithDigests(kitfile, [(D('1'), D('a')), (D('2'), D('b')), (D('3'), D('c')), (D('4'), D('d'))]);

        Assert.Null(packed.Model!.Digest);
        Assert.Equal("base:1", packed.Model.Path);
        Assert.Equal(
            [(D('1'), D('a')), (D('2'), D('b')), (D('3'), D('c')), (D('4'), D('d'))],
            KitfileLayers.Of(packed).Where(l => l.HasLayer).Select(l => (l.Digest!.Value, l.DiffId!.Value)));
        // Nothing but the digests changed.
        Assert.Equal(KitfileYaml.Write(kitfile), KitfileYaml.Write(packed));
    }

    [Fact]
    public void Digests_must_match_the_entries_in_number()
    {
        var kitfile = KitfileYaml.Read("code: [{path: a}, {path: b}]\n");
        Assert.Throws<ArgumentException>(() => KitfileLayers.WithDigests(kitfile, [(D('1'), D('1'))]));
        Assert.Throws<ArgumentException>(() => KitfileLayers.WithDigests(kitfile, [(D('1'), D('1')), (D('2'), D('2')), (D('3'), D('3'))]));
    }

    [Fact]
    public void Manifest_layers_match_entries_by_running_index_per_kind()
    {
        var matcher = new KitfileLayerMatcher(KitfileYaml.Read(AllSections));
        Assert.Equal("data/train", matcher.Next(LayerKind.Dataset).Path);
        Assert.Equal("model", matcher.Next(LayerKind.Model).Path);
        Assert.Equal("adapters/lora", matcher.Next(LayerKind.ModelPart).Path);
        Assert.Equal("data/test", matcher.Next(LayerKind.Dataset).Path);
        // Every model layer maps to the one model.
        Assert.Equal("model", matcher.Next(LayerKind.Model).Path);
        var e = Assert.Throws<KitException>(() => matcher.Next(LayerKind.Dataset));
        Assert.Equal("modelkit config has no entry for dataset layer #3: the config and manifest do not match", e.Message);
    }

    [Fact]
    public void Filters_select_entries_by_their_kinds_filter_type_and_name_or_path()
    {
        var layers = KitfileLayers.Of(KitfileYaml.Read(AllSections));
        Assert.Equal(["adapters/lora"], layers.Where(UnpackFilterSet.Parse(["model:lora"]).Includes).Select(l => l.Path));
        Assert.Equal(["model", "adapters/lora", "adapters/other"], layers.Where(UnpackFilterSet.Parse(["model"]).Includes).Select(l => l.Path));
        // Code and docs have no name: ids match their path only.
        Assert.Equal(["src", "README.md"], layers.Where(UnpackFilterSet.Parse(["code,docs:src,README.md"]).Includes).Select(l => l.Path));
    }
}
