using Kit.Core.Packing;
using Kit.Core.Format;
using Kit.Core.Unpacking;

namespace Kit.Core.Tests.Format;

public class LayerKindTests
{
    public static TheoryData<string> Kinds() => [.. LayerKind.All.Select(k => k.Section)];

    private static LayerKind Kind(string section) => LayerKind.All.Single(k => k.Section == section);

    [Fact]
    public void All_is_the_pack_order_with_KitOps_names()
    {
        Assert.Equal([LayerKind.Model, LayerKind.ModelPart, LayerKind.Code, LayerKind.Dataset, LayerKind.Docs, LayerKind.Prompt, LayerKind.McpServer], LayerKind.All);
        Assert.Equal(["model", "modelpart", "code", "dataset", "docs", "code", "mcpb"], LayerKind.All.Select(k => k.MediaTypeBase));
        Assert.Equal(["model", "model.parts", "code", "datasets", "docs", "prompts", "mcpServers"], LayerKind.All.Select(k => k.Section));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Media_type_round_trips_to_the_kind(string section)
    {
        var kind = Kind(section);
        foreach (var format in new[] { LayerFormat.Tar, LayerFormat.Raw })
        foreach (var (compression, suffix) in new[] { (LayerCompression.None, ""), (LayerCompression.Gzip, "+gzip"), (LayerCompression.Zstd, "+zstd") })
        {
            var mediaType = ModelKitMediaTypes.Layer(kind, format, compression);
            var expected = kind.IsBundle
                ? "application/vnd.kitops.modelkit.mcpb.v1.raw"
                : $"application/vnd.kitops.modelkit.{kind.MediaTypeBase}.v1.{format.ToName()}{suffix}";
            Assert.Equal(expected, mediaType);
            Assert.True(ModelKitMediaTypes.TryParseLayer(mediaType, kind.Subtype, out var parsed, out _));
            Assert.Same(kind, parsed.Kind);
            Assert.Equal(kind.IsBundle ? LayerFormat.Raw : format, parsed.Format);
            Assert.Equal(kind.IsBundle ? LayerCompression.None : compression, parsed.Compression);
        }
    }

    [Fact]
    public void A_code_layer_with_the_prompt_subtype_is_a_prompt_and_an_unknown_subtype_reads_as_code()
    {
        Assert.True(ModelKitMediaTypes.TryParseLayer("application/vnd.kitops.modelkit.code.v1.tar", "prompt", out var prompt, out _));
        Assert.Same(LayerKind.Prompt, prompt.Kind);
        Assert.True(ModelKitMediaTypes.TryParseLayer("application/vnd.kitops.modelkit.code.v1.tar", null, out var code, out _));
        Assert.Same(LayerKind.Code, code.Kind);
        Assert.True(ModelKitMediaTypes.TryParseLayer("application/vnd.kitops.modelkit.code.v1.tar", "agent", out var later, out _));
        Assert.Same(LayerKind.Code, later.Kind);
    }

    [Theory]
    [InlineData("application/vnd.kitops.modelkit.weights.v1.tar", "failed to parse media type: invalid base type weights")]
    [InlineData("application/vnd.kitops.modelkit.model.v1.zip", "failed to parse media type: invalid format zip")]
    [InlineData("application/vnd.kitops.modelkit.model.v1.tar+lz4", "failed to parse media type: invalid compression type lz4")]
    [InlineData("application/vnd.kitops.modelkit.config.v1+json", "unrecognized media type application/vnd.kitops.modelkit.config.v1+json")]
    [InlineData("application/vnd.oci.image.layer.v1.tar", "unrecognized media type application/vnd.oci.image.layer.v1.tar")]
    [InlineData("application/vnd.kitops.modelkit.model.v1.tar+gzip; x", "unrecognized media type application/vnd.kitops.modelkit.model.v1.tar+gzip; x")]
    [InlineData("application/vnd.kitops.modelkitXmodel.v1.tar", "unrecognized media type application/vnd.kitops.modelkitXmodel.v1.tar")]
    public void Unknown_media_types_are_errors_naming_them(string mediaType, string error)
    {
        Assert.False(ModelKitMediaTypes.TryParseLayer(mediaType, null, out _, out var message));
        Assert.Equal(error, message);
    }

    [Fact]
    public void Model_filter_covers_parts_and_every_other_filter_type_selects_a_kind()
    {
        Assert.Equal(
            [UnpackFilterType.Model, UnpackFilterType.Model, UnpackFilterType.Code, UnpackFilterType.Datasets, UnpackFilterType.Docs,
                UnpackFilterType.Prompts, UnpackFilterType.McpServers],
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
        Assert.Equal("invalid filter type weights (must be one of kitfile, model, datasets, code, prompts, docs, mcpservers)", error);
    }

    [Fact]
    public void Only_the_model_is_a_single_section_that_may_name_a_parent()
    {
        Assert.Equal([LayerKind.Model], LayerKind.All.Where(k => k.IsSingle));
        Assert.Equal([LayerKind.Model], LayerKind.All.Where(k => k.MayReferenceModelKit));
    }
}
