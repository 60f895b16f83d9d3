using System.Security.Cryptography;
using System.Text;
using Kit.Core.Indexes;

namespace Kit.Core.Tests.Indexes;

public class ModelKitIndexDocumentTests
{
    // KitOps 1.17's index with one entry, as its test data writes it.
    private const string OneEntry =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","artifactType":"application/vnd.kitops.modelkit.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":1021,"annotations":{"ml.kitops.modelkit.original-tag":"q4_0","ml.kitops.modelkit.size":"4368438272"},"artifactType":"application/vnd.kitops.modelkit.manifest.v1+json","modelMetadata":{"quantization":"q4_0","vram":"6GB"}}]}""";

    [Fact]
    public void Empty_index_is_KitOps_test_vector()
    {
        var bytes = ModelKitIndexDocument.Empty.ToJsonBytes();
        Assert.Equal(151, bytes.Length);
        Assert.Equal("a9fb1fab7732abad08678d29f8a52add461a4ebd3d6ddd078b94f2659ab9d595", Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","artifactType":"application/vnd.kitops.modelkit.index.v1+json","manifests":[]}""",
            Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Entry_round_trips_byte_for_byte()
    {
        var doc = ModelKitIndexDocument.Parse(Encoding.UTF8.GetBytes(OneEntry));
        var entry = Assert.Single(doc.Entries);
        Assert.Equal("q4_0", entry.OriginalTag);
        Assert.Equal(4368438272, entry.RecordedSize);
        Assert.Equal(["quantization=q4_0", "vram=6GB"], entry.LabelPairs());
        Assert.Equal(OneEntry, Encoding.UTF8.GetString(doc.ToJsonBytes()));
    }

    [Fact]
    public void Label_values_are_kept_as_raw_json_and_keys_sorted()
    {
        var doc = ModelKitIndexDocument.Empty.Put(new IndexEntry(Kit.Oci.MediaTypes.ImageManifest, Kit.Oci.Digest.Compute("m"u8), 10)
        {
            Labels = new Dictionary<string, string> { ["z"] = "6", ["a"] = "[\"cuda\",\"metal\"]", ["m"] = "\"\\u003cb\\u003e\"" },
        });
        Assert.Contains("\"modelMetadata\":{\"a\":[\"cuda\",\"metal\"],\"m\":\"\\u003cb\\u003e\",\"z\":6}}", Encoding.UTF8.GetString(doc.ToJsonBytes()),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_oci_index_is_not_a_ModelKit_index()
    {
        var plain = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[]}"""u8.ToArray();
        Assert.False(ModelKitIndexDocument.IsModelKitIndex(Kit.Oci.MediaTypes.ImageIndex, plain));
        Assert.True(ModelKitIndexDocument.IsModelKitIndex(Kit.Oci.MediaTypes.ImageIndex, Encoding.UTF8.GetBytes(OneEntry)));
        Assert.False(ModelKitIndexDocument.IsModelKitIndex(Kit.Oci.MediaTypes.ImageManifest, Encoding.UTF8.GetBytes(OneEntry)));
        Assert.Equal("artifact is not a ModelKit index", Assert.Throws<FormatException>(() => ModelKitIndexDocument.Parse(plain)).Message);
    }

    [Fact]
    public void Descriptor_fields_of_other_writers_are_kept()
    {
        var json = OneEntry.Replace("\"size\":1021,", "\"size\":1021,\"urls\":[\"https://x\"],", StringComparison.Ordinal)
            .Replace("\"artifactType\":\"application/vnd.kitops.modelkit.manifest.v1+json\"", "\"platform\":{\"os\":\"linux\"},\"artifactType\":\"application/vnd.kitops.modelkit.manifest.v1+json\"", StringComparison.Ordinal);
        Assert.Equal(json, Encoding.UTF8.GetString(ModelKitIndexDocument.Parse(Encoding.UTF8.GetBytes(json)).ToJsonBytes()));
    }

    [Fact]
    public void Indent_is_go_json_indent()
    {
        Assert.Equal("{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    \"x, y: {z}\"\n  ]\n}", RawJson.Indent("""{"a":[],"b":{},"c":[1,"x, y: {z}"]}"""));
        Assert.Equal("""{"a":"\u003c\u0026\u003e \"q\""}""", RawJson.Compact("""{ "a" : "<&> \"q\"" }"""));
    }
}
