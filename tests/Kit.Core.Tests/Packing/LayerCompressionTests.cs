using Kit.Core.Packing;

namespace Kit.Core.Tests.Packing;

public class LayerCompressionTests
{
    [Theory]
    [InlineData("none", LayerCompression.None, "")]
    [InlineData("gzip", LayerCompression.Gzip, "+gzip")]
    [InlineData("gzip-fastest", LayerCompression.GzipFastest, "+gzip")]
    [InlineData("zstd", LayerCompression.Zstd, "+zstd")]
    public void ParsesNamesAndKnowsSuffix(string name, LayerCompression expected, string suffix)
    {
        var parsed = LayerCompressionExtensions.ParseCompression(name);
        Assert.Equal(expected, parsed);
        Assert.Equal(name, parsed.ToName());
        Assert.Equal(suffix, parsed.MediaTypeSuffix());
    }

    [Theory]
    [InlineData("")]
    [InlineData("GZIP")]
    [InlineData("ZSTD")]
    [InlineData("gzip ")]
    public void RejectsOtherValuesWithKitOpsMessage(string value)
    {
        var e = Assert.Throws<FormatException>(() => LayerCompressionExtensions.ParseCompression(value));
        Assert.Equal("invalid compression type: must be one of 'none', 'gzip', 'gzip-fastest', or 'zstd'", e.Message);
        Assert.False(LayerCompressionExtensions.TryParseCompression(value, out _));
    }

    [Fact]
    public async Task Zstd_layers_pack_with_the_tar_digest_as_diff_id_and_unpack_to_the_same_files()
    {
        using var context = new TempTree();
        using var storage = new TempTree();
        context.File("m/weights.bin", new string('a', 200_000) + "tail").File("src/a.py", "print(1)");
        var (manifest, config, _) = await TestPack.PackAsync(context.Root, storage.Root,
            "manifestVersion: 1.0.0\nmodel:\n  path: m\ncode:\n  - path: src\n", "zstd/kit:1", compression: LayerCompression.Zstd);
        Assert.Equal(["application/vnd.kitops.modelkit.model.v1.tar+zstd", "application/vnd.kitops.modelkit.code.v1.tar+zstd"],
            manifest.Layers.Select(l => l.MediaType));
        Assert.True(manifest.Layers[0].Size < 10_000, "200 KB of one letter compresses");

        // The diffId is the digest of the uncompressed tar, which is what an uncompressed pack stores.
        using var plain = new TempTree();
        var (uncompressed, _, _) = await TestPack.PackAsync(context.Root, plain.Root,
            "manifestVersion: 1.0.0\nmodel:\n  path: m\ncode:\n  - path: src\n", "zstd/kit:1");
        Assert.Equal(uncompressed.Layers[0].Digest, config.Model!.DiffId);
        Assert.Equal(manifest.Layers[0].Digest, config.Model!.Digest);
    }
}
