using System.Text;
using System.Text.Json;
using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Core.Tests.Packing;
using Kit.Oci;

namespace Kit.Core.Tests.Format;

using Kitfile = Kit.Core.Kitfiles.Kitfile;

/// <summary>
/// The CNCF ModelPack format: what <c>--use-model-pack</c> writes, against goldens from Go's encoding/json with
/// model-spec's structs (Packing/Golden/gen/json.go; the values here mirror it), and the Kitfile made up for a
/// ModelPack that carries none, against KitOps's own test vector.
/// </summary>
public class ModelPackFormatTests
{
    private static Digest D(char c) => Digest.Parse("sha256:" + new string(c, 64));

    private static string Golden(string name) => Encoding.UTF8.GetString(GoldenFixtures.Read(name));

    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_794_060_202);

    private static Kitfile PackedKitfile() => new()
    {
        ManifestVersion = "1.0.0",
        Package = new PackageSection { Name = "llm", Version = "1.2.0", Description = "a <small> model", License = "MIT", Authors = ["Ann", "Bo"] },
        Model = new ModelSection
        {
            Path = "model.gguf", License = "Apache-2.0", Format = "gguf",
            Parts = [new ModelPart { Path = "tokenizer.json", License = "MIT" }.WithLayer(D('2'), D('2'))],
        }.WithLayer(D('1'), D('1')),
        Code = [new CodeEntry { Path = "src", License = "BSD-3-Clause" }.WithLayer(D('3'), D('3'))],
        Datasets = [new DatasetEntry { Name = "eval", Path = "eval.csv", License = "CC-BY-4.0" }.WithLayer(D('4'), D('4'))],
        Docs = [new DocsEntry { Path = "README.md" }.WithLayer(D('5'), D('5'))],
        Prompts = [new PromptEntry { Name = "system", Path = "system.prompt.md" }.WithLayer(D('6'), D('6'))],
    };

    private static Descriptor Layer(LayerKind kind, LayerFormat format, LayerCompression compression, Digest digest, long size, string path)
    {
        var annotations = new Dictionary<string, string> { [ModelKitAnnotations.FilePath] = path };
        if (kind.Subtype is { } subtype) annotations[ModelKitAnnotations.LayerSubtype] = subtype;
        return new Descriptor(ModelKitMediaTypes.Layer(kind, format, compression, ArtifactFormat.ModelPack), digest, size) { Annotations = annotations };
    }

    private static Manifest ModelPackManifest(IReadOnlyList<Descriptor> layers, Dictionary<string, string> annotations) =>
        new(new Descriptor(ModelKitMediaTypes.ModelPackConfig, D('c'), 987), layers)
        {
            MediaType = MediaTypes.ImageManifest,
            ArtifactType = ModelKitMediaTypes.ModelPackArtifactType,
            Annotations = annotations,
        };

    [Fact]
    public void Config_matches_model_spec_as_go_writes_it()
    {
        var kitfile = PackedKitfile();
        Assert.Equal(Golden("modelpack-kitfile.json"), Encoding.UTF8.GetString(KitfileJson.Write(kitfile)));
        var diffIds = "123456".Select(D).ToList();
        Assert.Equal(Golden("modelpack-config.json"), Encoding.UTF8.GetString(ModelPackConfig.Write(kitfile, diffIds, Created)));
    }

    [Fact]
    public void A_config_without_layers_lists_null_diff_ids_and_an_empty_model_config()
    {
        var json = Encoding.UTF8.GetString(ModelPackConfig.Write(new Kitfile { ManifestVersion = "1.0.0" }, [], Created));
        Assert.Equal("""{"descriptor":{"createdAt":"2026-11-07T14:03:22Z"},"modelfs":{"type":"layers","diffIds":null},"config":{}}""", json);
        Assert.Empty(ModelPackConfig.ReadDiffIds(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Manifest_with_the_kitfile_annotation_matches_go()
    {
        var manifest = ModelPackManifest(
        [
            Layer(LayerKind.Model, LayerFormat.Tar, LayerCompression.None, D('1'), 10240, "model.gguf"),
            Layer(LayerKind.ModelPart, LayerFormat.Tar, LayerCompression.None, D('2'), 3072, "tokenizer.json"),
            Layer(LayerKind.Code, LayerFormat.Tar, LayerCompression.None, D('3'), 4096, "src"),
            Layer(LayerKind.Dataset, LayerFormat.Tar, LayerCompression.None, D('4'), 3072, "eval.csv"),
            Layer(LayerKind.Docs, LayerFormat.Tar, LayerCompression.None, D('5'), 3072, "README.md"),
            Layer(LayerKind.Prompt, LayerFormat.Tar, LayerCompression.None, D('6'), 3072, "system.prompt.md"),
        ], new()
        {
            [ModelKitAnnotations.CliVersion] = ModelKitAnnotations.CliVersionValue("test"),
            [ModelKitAnnotations.Kitfile] = Encoding.UTF8.GetString(KitfileJson.Write(PackedKitfile())),
            [OciAnnotations.Created] = SourceDateEpoch.Format(Created),
        });
        Assert.Equal(Golden("modelpack-manifest.json"), Encoding.UTF8.GetString(manifest.ToJsonBytes()));

        // Read back, the annotation is the Kitfile, prompts included (a model-spec config has no room for them).
        var carried = ManifestKitfile.Of(Manifest.Parse(manifest.ToJsonBytes()), []);
        Assert.False(carried.Synthesized);
        Assert.Equal(PackedKitfile(), KitfileJson.Read(carried.Json));
    }

    [Fact]
    public void Every_model_pack_media_type_matches_go_and_parses_back()
    {
        var layers = new List<Descriptor>();
        foreach (var kind in LayerKind.All.Where(k => k.Subtype is null && !k.IsBundle))
        foreach (var (format, compression) in new[] { (LayerFormat.Tar, LayerCompression.None), (LayerFormat.Tar, LayerCompression.Gzip), (LayerFormat.Tar, LayerCompression.Zstd), (LayerFormat.Raw, LayerCompression.None) })
            layers.Add(Layer(kind, format, compression, D('a'), 1, kind.ModelPackBase!));
        var manifest = ModelPackManifest(layers, new()
        {
            [ModelKitAnnotations.CliVersion] = ModelKitAnnotations.CliVersionValue("test"),
            [OciAnnotations.Created] = SourceDateEpoch.Format(Created),
        });
        Assert.Equal(Golden("modelpack-manifest-mediatypes.json"), Encoding.UTF8.GetString(manifest.ToJsonBytes()));

        var expected = LayerKind.All.Where(k => k.Subtype is null && !k.IsBundle)
            .SelectMany(k => new[] { (k, LayerFormat.Tar, LayerCompression.None), (k, LayerFormat.Tar, LayerCompression.Gzip), (k, LayerFormat.Tar, LayerCompression.Zstd), (k, LayerFormat.Raw, LayerCompression.None) });
        Assert.Equal(expected, manifest.Layers.Select(l => ModelKitMediaTypes.ParseLayer(l)).Select(p => (p.Kind, p.Format, p.Compression)));
    }

    [Theory]
    [InlineData("application/vnd.cncf.model.weight.v1.raw+gzip", "invalid mediatype: model-spec does not support compression for raw layers")]
    [InlineData("application/vnd.cncf.model.tokenizer.v1.tar", "failed to parse media type: invalid base type tokenizer")]
    [InlineData("application/vnd.cncf.model.weight.v1.gguf", "failed to parse media type: invalid format gguf")]
    [InlineData("application/vnd.cncf.model.weight.v2.tar", "unrecognized media type application/vnd.cncf.model.weight.v2.tar")]
    public void Unknown_model_pack_media_types_are_refused_by_name(string mediaType, string error)
    {
        Assert.False(ModelKitMediaTypes.TryParseLayer(mediaType, null, out _, out var message));
        Assert.Equal(error, message);
    }

    [Fact]
    public void Packing_an_mcp_server_or_a_compressed_raw_layer_as_a_model_pack_is_refused()
    {
        var mcp = Assert.Throws<KitException>(() => ModelKitMediaTypes.Layer(LayerKind.McpServer, LayerFormat.Raw, LayerCompression.None, ArtifactFormat.ModelPack));
        Assert.Equal("mcpServers are not supported when packing in modelpack format", mcp.Message);
        var raw = Assert.Throws<KitException>(() => ModelKitMediaTypes.Layer(LayerKind.Model, LayerFormat.Raw, LayerCompression.Zstd, ArtifactFormat.ModelPack));
        Assert.Equal("compression for raw layers is not supported for ModelPack", raw.Message);
    }

    [Fact]
    public void Manifests_are_recognized_by_artifact_type_or_config_media_type()
    {
        Manifest Of(string? artifactType, string config) => new(new Descriptor(config, D('c'), 1), []) { ArtifactType = artifactType };
        Assert.Equal(ArtifactFormat.ModelKit, ModelKitMediaTypes.Recognize(Of(null, ModelKitMediaTypes.Config)));
        Assert.Equal(ArtifactFormat.ModelKit, ModelKitMediaTypes.Recognize(Of(ModelKitMediaTypes.ManifestArtifactType, "application/vnd.oci.empty.v1+json")));
        Assert.Equal(ArtifactFormat.ModelPack, ModelKitMediaTypes.Recognize(Of(null, ModelKitMediaTypes.ModelPackConfig)));
        Assert.Equal(ArtifactFormat.ModelPack, ModelKitMediaTypes.Recognize(Of(ModelKitMediaTypes.ModelPackArtifactType, "application/vnd.oci.empty.v1+json")));
        Assert.Null(ModelKitMediaTypes.Recognize(Of(null, "application/vnd.oci.image.config.v1+json")));
    }

    // KitOps's test vector (pkg/artifact/testdata/kitfile-generation/test-manifest-with-multiple-model-weights.yaml), with
    // its short placeholder digests made whole: later weights and weight configs become model parts, in manifest order.
    [Fact]
    public void A_model_pack_without_a_kitfile_gets_one_as_kitops_makes_it()
    {
        var manifest = ModelPackManifest(
        [
            RawLayer("weight", 'a', "test-file-01.safetensors"),
            TarLayer("weight.config", 'b', "test-config.json"),
            TarLayer("weight.config", 'c', "test-config-2.json"),
            RawLayer("weight", 'd', "test-file-02.safetensors"),
            RawLayer("weight", 'e', "test-file-03.safetensors"),
        ], []);
        var config = DiffIdConfig('1', '2', '3', '4', '5');

        var carried = ManifestKitfile.Of(manifest, config);
        Assert.True(carried.Synthesized);
        var expected = new Kitfile
        {
            ManifestVersion = "1.0.0",
            Model = new ModelSection
            {
                Path = "test-file-01.safetensors",
                Parts =
                [
                    new ModelPart { Path = "test-config.json" }.WithLayer(D('b'), D('2')),
                    new ModelPart { Path = "test-config-2.json" }.WithLayer(D('c'), D('3')),
                    new ModelPart { Path = "test-file-02.safetensors" }.WithLayer(D('d'), D('4')),
                    new ModelPart { Path = "test-file-03.safetensors" }.WithLayer(D('e'), D('5')),
                ],
            }.WithLayer(D('a'), D('1')),
        };
        Assert.Equal(expected, KitfileJson.Read(carried.Json));
    }

    [Fact]
    public void Code_datasets_docs_and_prompts_of_a_model_pack_keep_their_sections()
    {
        var prompt = TarLayer("code", '4', "system.prompt.md");
        prompt = prompt with { Annotations = new Dictionary<string, string>(prompt.Annotations!) { [ModelKitAnnotations.LayerSubtype] = "prompt" } };
        var manifest = ModelPackManifest([TarLayer("doc", '1', "README.md"), TarLayer("code", '2', "src"), TarLayer("dataset", '3', "data"), prompt], []);

        var kitfile = KitfileJson.Read(ManifestKitfile.Of(manifest, DiffIdConfig('1', '2', '3', '4')).Json);
        Assert.Equal("", kitfile.Model!.Path);
        Assert.Equal(["README.md"], kitfile.Docs.Select(d => d.Path));
        Assert.Equal(["src"], kitfile.Code.Select(c => c.Path));
        Assert.Equal(["data"], kitfile.Datasets.Select(d => d.Path));
        Assert.Equal(["system.prompt.md"], kitfile.Prompts.Select(p => p.Path));
    }

    [Fact]
    public void A_model_pack_whose_kitfile_cannot_be_made_up_says_why()
    {
        var noPath = ModelPackManifest([new Descriptor("application/vnd.cncf.model.weight.v1.raw", D('a'), 1)], []);
        Assert.Equal("unknown file path for layer: no org.cncf.model.filepath annotation",
            Assert.Throws<KitException>(() => ManifestKitfile.Of(noPath, DiffIdConfig('1'))).Message);

        var twoLayers = ModelPackManifest([RawLayer("weight", 'a', "a"), RawLayer("weight", 'b', "b")], []);
        Assert.Equal("invalid ModelPack config: number of layers does not match DiffIDs",
            Assert.Throws<KitException>(() => ManifestKitfile.Of(twoLayers, DiffIdConfig('1'))).Message);

        var otherConfig = new Manifest(new Descriptor("application/vnd.oci.empty.v1+json", D('c'), 2), [RawLayer("weight", 'a', "a")])
        {
            ArtifactType = ModelKitMediaTypes.ModelPackArtifactType,
        };
        Assert.Equal("configuration descriptor does not describe a ModelPack config",
            Assert.Throws<KitException>(() => ManifestKitfile.Of(otherConfig, "{}"u8.ToArray())).Message);
        Assert.Null(ManifestKitfile.TryJson(otherConfig, "{}"u8.ToArray()));
    }

    private static Descriptor RawLayer(string type, char digest, string path) =>
        new($"application/vnd.cncf.model.{type}.v1.raw", D(digest), 100) { Annotations = new Dictionary<string, string> { [ModelKitAnnotations.FilePath] = path } };

    private static Descriptor TarLayer(string type, char digest, string path) =>
        new($"application/vnd.cncf.model.{type}.v1.tar", D(digest), 100) { Annotations = new Dictionary<string, string> { [ModelKitAnnotations.FilePath] = path } };

    private static byte[] DiffIdConfig(params char[] diffIds) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["modelfs"] = new Dictionary<string, object> { ["type"] = "layers", ["diffIds"] = diffIds.Select(c => D(c).ToString()).ToArray() },
        });
}
