using Kit.Core.Packing;
using Kit.Core.Format;
using Kit.Core.Unpacking;

namespace Kit.Core.Tests.Format;

public class LayerKindTests
{
    public static TheoryData<string> Kinds() => [.. LayerKind.All.Select(k => k.MediaTypeBase)];

    private static LayerKind Kind(string mediaTypeBase) => LayerKind.All.Single(k => k.MediaTypeBase == mediaTypeBase);

    [Fact]
    public void All_is_the_pack_order_with_KitOps_names()
    {
        Assert.Equal([LayerKind.Model, LayerKind.ModelPart, LayerKind.Code, LayerKind.Dataset, LayerKind.Docs], LayerKind.All);
        Assert.Equal(["model", "modelpart", "code", "dataset", "docs"], LayerKind.All.Select(k => k.MediaTypeBase));
        Assert.Equal(["model", "model.parts", "code", "datasets", "docs"], LayerKind.All.Select(k => k.Section));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Media_type_round_trips_to_the_kind(string mediaTypeBase)
    {
        var kind = Kind(mediaTypeBase);
        foreach (var (compression, suffix) in new[] { (LayerCompression.None, ""), (LayerCompression.Gzip, "gzip"), (LayerCompression.Zstd, "zstd") })
        {
            var mediaType = ModelKitMediaTypes.Layer(kind, compression);
            Assert.Equal($"application/vnd.kitops.modelkit.{mediaTypeBase}.v1.tar" + (suffix.Length > 0 ? "+" + suffix : ""), mediaType);
            Assert.True(ModelKitMediaTypes.TryParseLayer(mediaType, out var parsed, out var parsedSuffix));
            Assert.Same(kind, parsed);
            Assert.Equal(suffix, parsedSuffix);
        }
    }

    [Theory]
    [InlineData("application/vnd.kitops.modelkit.weights.v1.tar")]
    [InlineData("application/vnd.kitops.modelkit.config.v1+json")]
    [InlineData("application/vnd.oci.image.layer.v1.tar")]
    public void Unknown_media_types_have_no_kind(string mediaType) =>
        Assert.False(ModelKitMediaTypes.TryParseLayer(mediaType, out _, out _));

    [Fact]
    public void Model_filter_covers_parts_and_every_other_filter_type_selects_a_kind()
    {
        Assert.Equal(
            [UnpackFilterType.Model, UnpackFilterType.Model, UnpackFilterType.Code, UnpackFilterType.Datasets, UnpackFilterType.Docs],
            LayerKind.All.Select(k => k.Filter));
        Assert.Equal(Enum.GetValues<UnpackFilterType>().Where(t => t != UnpackFilterType.Kitfile),
            LayerKind.All.Select(k => k.Filter).Distinct().Order());
    }

    [Fact]
    public void Filter_type_names_round_trip_and_are_listed_in_KitOps_order()
    {
        foreach (var type in Enum.GetValues<UnpackFilterType>())
        {
            Assert.True(UnpackFilter.TryParseType(UnpackFilter.TypeName(type), out var parsed));
            Assert.Equal(type, parsed);
        }
        Assert.False(UnpackFilter.TryParseType("Model", out _));
        Assert.False(UnpackFilter.TryParseType("modelpart", out _));
        Assert.False(UnpackFilter.TryParse("weights", out _, out var error));
        Assert.Equal("invalid filter type weights (must be one of 'kitfile', 'model', 'datasets', 'code', or 'docs')", error);
    }

    [Fact]
    public void Only_the_model_is_a_single_section_that_may_name_a_parent()
    {
        Assert.Equal([LayerKind.Model], LayerKind.All.Where(k => k.IsSingle));
        Assert.Equal([LayerKind.Model], LayerKind.All.Where(k => k.MayReferenceModelKit));
    }
}
