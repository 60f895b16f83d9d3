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

    private static Descriptor Layer(string type, Digest digest, string? path = null, string? subtype = null)
    {
        var annotations = new Dictionary<string, string>();
        if (path is not null) annotations[ModelKitAnnotations.FilePath] = path;
        if (subtype is not null) annotations[ModelKitAnnotations.LayerSubtype] = subtype;
        return new($"application/vnd.kitops.modelkit.{type}.v1.tar", digest, 1) { Annotations = annotations.Count == 0 ? null : annotations };
    }

    private static Manifest ManifestOf(params Descriptor[] layers) =>
        new(new Descriptor(ModelKitMediaTypes.Config, D('c'), 2), layers);

    [Fact]
    public void A_config_without_digests_matches_layers_by_running_index_per_kind()
    {
        var kitfile = KitfileYaml.Read(AllSections);
        var matched = KitfileLayerMatcher.Match(kitfile, ManifestOf(
            Layer("dataset", D('1')), Layer("model", D('2')), Layer("modelpart", D('3')), Layer("dataset", D('4')), Layer("model", D('5'))));
        // Every model layer maps to the one model.
        Assert.Equal(["data/train", "model", "adapters/lora", "data/test", "model"], matched.Select(m => m.Entry.Path));

        var e = Assert.Throws<KitException>(() => KitfileLayerMatcher.Match(kitfile, ManifestOf(Layer("dataset", D('1')), Layer("dataset", D('2')), Layer("dataset", D('3')))));
        Assert.Equal("modelkit config has no entry for dataset layer #3: the config and manifest do not match", e.Message);
    }

    [Fact]
    public void Recorded_digests_match_layers_by_digest_and_file_path_whatever_their_position_in_kitfile_order()
    {
        // Two identical files packed raw have one digest; the file path annotation tells them apart.
        var kitfile = KitfileYaml.Read("manifestVersion: 1.0.0\ncode:\n  - path: a.txt\n  - path: ./b.txt\nprompts:\n  - path: p.md\n");
        kitfile = KitfileLayers.WithDigests(kitfile, [(D('1'), D('1')), (D('1'), D('1')), (D('2'), D('2'))]);
        var matched = KitfileLayerMatcher.Match(kitfile, ManifestOf(
            Layer("code", D('2'), "p.md", "prompt"), Layer("code", D('1'), "b.txt"), Layer("code", D('1'), "a.txt"), Layer("docs", D('9'), "extra")));

        // In the Kitfile's order (KitOps's unpack plan), not the manifest's.
        Assert.Equal([("a.txt", "a.txt"), ("./b.txt", "b.txt"), ("p.md", "p.md")],
            matched.Select(m => (m.Entry.Path, m.Layer.Annotations![ModelKitAnnotations.FilePath])));
        Assert.Equal([LayerKind.Code, LayerKind.Code, LayerKind.Prompt], matched.Select(m => m.Entry.Kind));
    }

    [Fact]
    public void A_recorded_digest_missing_from_the_manifest_or_digests_on_only_some_entries_are_errors()
    {
        var kitfile = KitfileLayers.WithDigests(KitfileYaml.Read("manifestVersion: 1.0.0\ncode:\n  - path: a\n  - path: b\n"), [(D('1'), D('1')), (D('2'), D('2'))]);
        var missing = Assert.Throws<KitException>(() => KitfileLayerMatcher.Match(kitfile, ManifestOf(Layer("code", D('1')), Layer("code", D('3')))));
        Assert.Equal($"digest {D('2')} not found in manifest", missing.Message);

        var mixed = kitfile with { Code = [kitfile.Code[0], kitfile.Code[1] with { Digest = null, DiffId = null }] };
        var e = Assert.Throws<KitException>(() => KitfileLayerMatcher.Match(mixed, ManifestOf(Layer("code", D('1')), Layer("code", D('2')))));
        Assert.Equal("invalid digests in layerinfo in Kitfile", e.Message);
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
