using System.Text;

namespace Kit.Oci.Tests;

public class ManifestTests
{
    private static readonly Digest C = Digest.Compute("c"u8);
    private static readonly Digest M = Digest.Compute("m"u8);

    [Fact]
    public void Writes_exactly_like_KitOps()
    {
        var manifest = new Manifest(
            new Descriptor("application/vnd.kitops.modelkit.config.v1+json", C, 301),
            [new Descriptor("application/vnd.kitops.modelkit.model.v1.tar", M, 20480)])
        {
            Annotations = new Dictionary<string, string> { ["ml.kitops.modelkit.cli-version"] = "1.7.0" },
        };
        var expected = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"application/vnd.kitops.modelkit.config.v1+json\",\"digest\":\"" + C +
            "\",\"size\":301},\"layers\":[{\"mediaType\":\"application/vnd.kitops.modelkit.model.v1.tar\",\"digest\":\"" + M +
            "\",\"size\":20480}],\"annotations\":{\"ml.kitops.modelkit.cli-version\":\"1.7.0\"}}";
        Assert.Equal(expected, Encoding.UTF8.GetString(manifest.ToJsonBytes()));
    }

    [Fact]
    public void Empty_layers_are_an_empty_array_and_no_annotations_are_omitted()
    {
        var json = Encoding.UTF8.GetString(new Manifest(new Descriptor("x", C, 1), []).ToJsonBytes());
        Assert.Equal("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"x\",\"digest\":\"" + C + "\",\"size\":1},\"layers\":[]}", json);
    }

    [Fact]
    public void Annotation_keys_are_sorted_by_utf8_bytes_like_go_maps()
    {
        var manifest = new Manifest(new Descriptor("x", C, 1), [])
        {
            // U+FF21 sorts before U+1F600 in UTF-16 ordinal order but after it in UTF-8.
            Annotations = new Dictionary<string, string> { ["b"] = "2", ["\U0001F600"] = "4", ["a"] = "1", ["\uFF21"] = "3" },
        };
        var json = Encoding.UTF8.GetString(manifest.ToJsonBytes());
        Assert.EndsWith("\"annotations\":{\"a\":\"1\",\"b\":\"2\",\"\uFF21\":\"3\",\"\U0001F600\":\"4\"}}", json);
    }

    [Fact]
    public void Parses_leniently_and_round_trips()
    {
        var json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"x\",\"config\":{\"mediaType\":\"c\",\"digest\":\"" + C +
            "\",\"size\":3,\"urls\":[]},\"layers\":null,\"annotations\":{\"k\":\"v\"}}";
        var manifest = Manifest.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(C, manifest.Config.Digest);
        Assert.Empty(manifest.Layers);
        Assert.Equal("v", manifest.Annotations!["k"]);
        Assert.Equal(MediaTypes.ImageManifest, manifest.MediaType);
        Assert.Equal("x", manifest.ArtifactType);
        // Written back in Go's field order (KitOps 1.17), without what OCI leaves empty.
        Assert.Equal("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"artifactType\":\"x\",\"config\":{\"mediaType\":\"c\",\"digest\":\"" + C
            + "\",\"size\":3},\"layers\":[],\"annotations\":{\"k\":\"v\"}}", Encoding.UTF8.GetString(manifest.ToJsonBytes()));
    }

    [Fact]
    public void A_manifest_read_without_media_type_or_artifact_type_is_written_without_them()
    {
        var json = "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\",\"digest\":\"" + C + "\",\"size\":3},\"layers\":[]}";
        Assert.Equal(json, Encoding.UTF8.GetString(Manifest.Parse(Encoding.UTF8.GetBytes(json)).ToJsonBytes()));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"config\":{\"digest\":\"sha256:00\",\"size\":1}}")]
    [InlineData("{\"config\":{\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"}}")]
    [InlineData("not json")]
    public void Rejects_what_is_not_a_manifest(string json) =>
        Assert.Throws<FormatException>(() => Manifest.Parse(Encoding.UTF8.GetBytes(json)));
}
