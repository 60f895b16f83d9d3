using System.Text;
using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

/// <summary>
/// Config and manifest JSON against goldens written by Go's encoding/json from structs that mirror KitOps 1.17's
/// (Golden/gen/json.go; the values here mirror it).
/// </summary>
public class V117JsonGoldenTests
{
    private static Digest D(char c) => Digest.Parse("sha256:" + new string(c, 64));

    private static string Golden(string name) => Encoding.UTF8.GetString(GoldenFixtures.Read(name));

    [Fact]
    public void Config_with_every_v1_17_section_matches_go()
    {
        var kitfile = new Kit.Core.Kitfiles.Kitfile
        {
            ManifestVersion = "1.0.0",
            Package = new PackageSection { Name = "agent", Description = "tools <for> A&B\u2028", Authors = ["Jane"] },
            Model = new ModelSection { Name = "m", Path = "models/m.gguf", Parts = [new ModelPart { Name = "lora", Path = "lora", Type = "lora" }.WithLayer(D('2'), D('2'))] }
                .WithLayer(D('1'), D('1')),
            Code = [new CodeEntry { Path = "src" }.WithLayer(D('3'), D('4'))],
            Datasets =
            [
                new DatasetEntry { Name = "remote", Path = "data/remote", RemotePath = "s3://bucket/key?versionId=1&x=<y>", RemoteHash = "etag", Description = "crawl" },
                new DatasetEntry { Name = "local", Path = "data/local" }.WithLayer(D('5'), D('5')),
            ],
            Docs = [new DocsEntry { Path = "README.md" }.WithLayer(D('6'), D('6'))],
            Prompts = [new PromptEntry { Name = "system", Path = "system.prompt.md", Description = "the system prompt" }.WithLayer(D('7'), D('7'))],
            McpServers = [new McpServerEntry { Name = "files", Path = "files.mcpb" }.WithLayer(D('8'), D('8'))],
        };
        Assert.Equal(Golden("v117-config.json"), Encoding.UTF8.GetString(KitfileJson.Write(kitfile)));
        Assert.Equal(kitfile, KitfileJson.Read(GoldenFixtures.Read("v117-config.json")));
    }

    private static Manifest ManifestOf(IReadOnlyList<Descriptor> layers) =>
        new(new Descriptor(ModelKitMediaTypes.Config, D('c'), 987), layers)
        {
            MediaType = MediaTypes.ImageManifest,
            ArtifactType = ModelKitMediaTypes.ManifestArtifactType,
            Annotations = new Dictionary<string, string>
            {
                [ModelKitAnnotations.CliVersion] = ModelKitAnnotations.CliVersionValue("test"),
                [OciAnnotations.Created] = SourceDateEpoch.Format(DateTimeOffset.FromUnixTimeSeconds(1_794_060_202)),
            },
        };

    private static Descriptor Layer(LayerKind kind, LayerFormat format, LayerCompression compression, Digest digest, long size, Dictionary<string, string> annotations)
    {
        if (kind.Subtype is { } subtype) annotations[ModelKitAnnotations.LayerSubtype] = subtype;
        return new Descriptor(ModelKitMediaTypes.Layer(kind, format, compression), digest, size) { Annotations = annotations };
    }

    [Fact]
    public void Manifest_with_a_prompt_and_an_mcp_bundle_matches_go()
    {
        var plusOne = TimeZoneInfo.CreateCustomTimeZone("plus-one", TimeSpan.FromHours(1), "plus-one", "plus-one");
        var metadata = new RawFileMetadata("files.mcpb", 0x1A4, 1234, 1_794_042_672_123_456_789).ToJson(plusOne);
        var manifest = ManifestOf(
        [
            Layer(LayerKind.Model, LayerFormat.Tar, LayerCompression.None, D('1'), 20480, new() { [ModelKitAnnotations.FilePath] = "models/m.gguf" }),
            Layer(LayerKind.Prompt, LayerFormat.Tar, LayerCompression.None, D('7'), 3072, new() { [ModelKitAnnotations.FilePath] = "system.prompt.md" }),
            Layer(LayerKind.McpServer, LayerFormat.Tar, LayerCompression.Gzip, D('8'), 1234,
                new() { [ModelKitAnnotations.FilePath] = "files.mcpb", [RawFileMetadata.Annotation] = metadata }),
        ]);
        Assert.Equal(Golden("v117-manifest.json"), Encoding.UTF8.GetString(manifest.ToJsonBytes()));
    }

    [Fact]
    public void Every_layer_media_type_matches_go()
    {
        var layers = new List<Descriptor>();
        foreach (var kind in LayerKind.All.Where(k => k.Subtype is null && !k.IsBundle))
        foreach (var format in new[] { LayerFormat.Tar, LayerFormat.Raw })
        foreach (var compression in new[] { LayerCompression.None, LayerCompression.Gzip, LayerCompression.Zstd })
            layers.Add(Layer(kind, format, compression, D('a'), 1, new() { [ModelKitAnnotations.FilePath] = kind.MediaTypeBase }));
        layers.Add(Layer(LayerKind.McpServer, LayerFormat.Raw, LayerCompression.None, D('a'), 1, new() { [ModelKitAnnotations.FilePath] = "mcpb" }));
        Assert.Equal(Golden("v117-manifest-mediatypes.json"), Encoding.UTF8.GetString(ManifestOf(layers).ToJsonBytes()));
    }

    [Fact]
    public void An_empty_kit_differs_from_go_only_in_writing_an_empty_layer_list()
    {
        var go = Golden("v117-manifest-empty.json");
        Assert.Contains("\"layers\":null", go, StringComparison.Ordinal);
        Assert.Equal(go.Replace("\"layers\":null", "\"layers\":[]", StringComparison.Ordinal), Encoding.UTF8.GetString(ManifestOf([]).ToJsonBytes()));
    }
}
