using System.Text;

namespace Kit.Oci.Tests;

public class ImageIndexTests
{
    private static readonly Digest A = Digest.Compute("a"u8);

    [Fact]
    public void Reads_skopeo_style_index_keeping_duplicates_and_unnamed_entries()
    {
        var json = "{\"schemaVersion\":2,\"manifests\":[" +
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + A + "\",\"size\":7,\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\"}}," +
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + A + "\",\"size\":7}," +
            "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + A + "\",\"size\":7,\"platform\":{\"os\":\"linux\"}}]}";
        var index = ImageIndex.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(3, index.Manifests.Count);
        Assert.Equal("v1", index.Manifests[0].Annotations![OciAnnotations.RefName]);
        Assert.Null(index.Manifests[1].Annotations);
    }

    [Fact]
    public void Writes_media_type_and_annotations()
    {
        var index = new ImageIndex([new Descriptor(MediaTypes.ImageManifest, A, 7) { Annotations = new Dictionary<string, string> { [OciAnnotations.RefName] = "localhost/x:v1" } }]);
        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + A +
            "\",\"size\":7,\"annotations\":{\"org.opencontainers.image.ref.name\":\"localhost/x:v1\"}}]}",
            Encoding.UTF8.GetString(index.ToJsonBytes()));
        Assert.Equal("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", Encoding.UTF8.GetString(ImageIndex.Empty.ToJsonBytes()));
    }
}
