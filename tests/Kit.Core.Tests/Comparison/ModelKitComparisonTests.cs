using Kit.Core.Comparison;
using Kit.Oci;

namespace Kit.Core.Tests.Comparison;

public sealed class ModelKitComparisonTests
{
    private static readonly Descriptor Config = Descriptor.For("application/vnd.kitops.modelkit.config.v1+json", "{}"u8);

    private static Descriptor Layer(string type, string content, string? path = null) =>
        Descriptor.For($"application/vnd.kitops.modelkit.{type}.v1.tar", System.Text.Encoding.UTF8.GetBytes(content)) with
        {
            Annotations = path is null ? null : new Dictionary<string, string> { [ModelKitComparison.FilePathAnnotation] = path },
        };

    private static Manifest Kit(params Descriptor[] layers) => new(Config, layers);

    [Fact]
    public void Same_digest_is_shared_unless_both_record_different_paths()
    {
        var a = Kit(Layer("model", "w", "model.bin"), Layer("code", "c", "src"), Layer("docs", "d", "README.md"));
        var b = Kit(Layer("model", "w", "./model.bin"), Layer("code", "c", "lib"), Layer("docs", "d"));
        var diff = ModelKitComparison.Of(a, b);
        Assert.Equal(["docs", "model"], diff.Shared.Select(l => ModelKitComparison.TypeOf(l.MediaType)));
        Assert.Equal("src", Assert.Single(diff.UniqueToFirst).Annotations![ModelKitComparison.FilePathAnnotation]);
        Assert.Equal("lib", Assert.Single(diff.UniqueToSecond).Annotations![ModelKitComparison.FilePathAnnotation]);
        Assert.True(diff.SameConfig);
    }

    [Fact]
    public void A_layer_pairs_with_one_layer_only()
    {
        var diff = ModelKitComparison.Of(Kit(Layer("dataset", "x")), Kit(Layer("dataset", "x"), Layer("dataset", "x")));
        Assert.Single(diff.Shared);
        Assert.Empty(diff.UniqueToFirst);
        Assert.Single(diff.UniqueToSecond);
    }

    [Fact]
    public void Annotations_match_only_when_equal_as_sets()
    {
        var a = Kit() with { Annotations = new Dictionary<string, string> { ["k"] = "1", ["j"] = "2" } };
        var b = Kit() with { Annotations = new Dictionary<string, string> { ["j"] = "2", ["k"] = "1" } };
        var c = Kit() with { Annotations = new Dictionary<string, string> { ["k"] = "1" } };
        Assert.True(ModelKitComparison.Of(a, b).AnnotationsMatch);
        Assert.False(ModelKitComparison.Of(a, c).AnnotationsMatch);
        Assert.True(ModelKitComparison.Of(Kit(), Kit()).AnnotationsMatch);
    }

    [Theory]
    [InlineData("application/vnd.kitops.modelkit.model.v1.tar", "model")]
    [InlineData("application/vnd.kitops.modelkit.dataset.v1.tar+gzip", "dataset")]
    [InlineData("application/vnd.kitops.modelkit.mcpb.v1.raw", "mcpb")]
    [InlineData("application/vnd.kitops.modelkit.code.v1.raw+zstd", "code")]
    [InlineData("application/vnd.oci.image.manifest.v1+json", "manifest")]
    [InlineData("application/octet-stream", "(invalid media type)")]
    public void Type_is_the_base_of_the_media_type(string mediaType, string type) => Assert.Equal(type, ModelKitComparison.TypeOf(mediaType));
}
