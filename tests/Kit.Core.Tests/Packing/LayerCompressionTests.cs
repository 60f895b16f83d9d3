using Kit.Core.Packing;

namespace Kit.Core.Tests.Packing;

public class LayerCompressionTests
{
    [Theory]
    [InlineData("none", LayerCompression.None, "")]
    [InlineData("gzip", LayerCompression.Gzip, "+gzip")]
    [InlineData("gzip-fastest", LayerCompression.GzipFastest, "+gzip")]
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
    [InlineData("zstd")]
    [InlineData("gzip ")]
    public void RejectsOtherValuesWithKitOpsMessage(string value)
    {
        var e = Assert.Throws<FormatException>(() => LayerCompressionExtensions.ParseCompression(value));
        Assert.Equal("invalid compression type: must be one of 'none', 'gzip', or 'gzip-fastest'", e.Message);
        Assert.False(LayerCompressionExtensions.TryParseCompression(value, out _));
    }
}
