using Kit.Core.Format;
using Kit.Core.Unpacking;

namespace Kit.Core.Tests.Unpacking;

public class UnpackFilterTests
{
    private const string TypeError = " (must be one of kitfile, model, datasets, code, prompts, docs, mcpservers)";

    [Theory]
    [InlineData("model", new[] { nameof(UnpackFilterType.Model) }, new string[0])]
    [InlineData("model:llama-7b,gpt-3", new[] { nameof(UnpackFilterType.Model) }, new[] { "llama-7b", "gpt-3" })]
    [InlineData("model,datasets,code", new[] { nameof(UnpackFilterType.Model), nameof(UnpackFilterType.Datasets), nameof(UnpackFilterType.Code) }, new string[0])]
    [InlineData("kitfile,docs:./README.md", new[] { nameof(UnpackFilterType.Kitfile), nameof(UnpackFilterType.Docs) }, new[] { "./README.md" })]
    [InlineData("model,model", new[] { nameof(UnpackFilterType.Model) }, new string[0])]
    public void Parses_types_and_ids(string input, string[] types, string[] ids)
    {
        // the enum is internal, so a public theory names its members
        var filter = UnpackFilter.Parse(input);
        Assert.Equal(types.Select(Enum.Parse<UnpackFilterType>), filter.Types);
        Assert.Equal(ids, filter.Ids);
    }

    [Theory]
    [InlineData("model:a:b", UnpackFilter.FormatError)]
    [InlineData("model:filter1:filter2:extra", UnpackFilter.FormatError)]
    [InlineData("::", UnpackFilter.FormatError)]
    [InlineData("invalidtype", "invalid filter type invalidtype" + TypeError)]
    [InlineData("", "invalid filter type " + TypeError)]
    [InlineData(":a,b", "invalid filter type " + TypeError)]
    [InlineData("Model", "invalid filter type Model" + TypeError)]
    [InlineData("dataset", "invalid filter type dataset" + TypeError)]
    [InlineData("model,", "invalid filter type " + TypeError)]
    [InlineData(" model", "invalid filter type  model" + TypeError)]
    [InlineData("parts", "invalid filter type parts" + TypeError)]
    public void Rejects_with_kitops_messages(string input, string message)
    {
        Assert.False(UnpackFilter.TryParse(input, out var filter, out var error));
        Assert.Null(filter);
        Assert.Equal(message, error);
        Assert.Equal($"Invalid filter '{input}': {message}", Assert.Throws<FormatException>(() => UnpackFilter.Parse(input)).Message);
    }

    [Theory]
    [InlineData("model:")]
    [InlineData("model:a,,b")]
    [InlineData("datasets:a,")]
    public void Rejects_empty_ids(string input)
    {
        Assert.False(UnpackFilter.TryParse(input, out _, out var error));
        Assert.Contains("empty name or path", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model")]
    [InlineData("model,datasets:a,b")]
    [InlineData("kitfile,code,docs")]
    public void ToString_round_trips(string input) => Assert.Equal(input, UnpackFilter.Parse(input).ToString());

    [Fact]
    public void Matches_requires_type_and_exact_id()
    {
        var filter = UnpackFilter.Parse("datasets:train");
        Assert.True(filter.Matches(UnpackFilterType.Datasets, "train"));
        Assert.False(filter.Matches(UnpackFilterType.Datasets, "Train"));
        Assert.False(filter.Matches(UnpackFilterType.Datasets, "train2"));
        Assert.False(filter.Matches(UnpackFilterType.Datasets, null));
        Assert.False(filter.Matches(UnpackFilterType.Model, "train"));
        Assert.True(UnpackFilter.Parse("datasets").Matches(UnpackFilterType.Datasets, null));
    }
}

public class UnpackFilterSetTests
{
    [Fact]
    public void No_filters_include_everything()
    {
        var set = UnpackFilterSet.Parse([]);
        Assert.True(set.IsEverything);
        Assert.True(set.IncludesKitfile);
        Assert.True(set.Includes(LayerKind.Model, "m", "m.bin"));
        Assert.True(set.Includes(LayerKind.ModelPart, null, "p"));
        Assert.True(set.Includes(LayerKind.Dataset, null, "d"));
        Assert.True(set.Includes(LayerKind.Code, null, "."));
        Assert.True(set.Includes(LayerKind.Docs, null, "README.md"));
    }

    [Fact]
    public void Kitfile_only_when_named()
    {
        var set = UnpackFilterSet.Parse(["model"]);
        Assert.False(set.IncludesKitfile);
        Assert.True(UnpackFilterSet.Parse(["model", "kitfile"]).IncludesKitfile);
        // ids do not restrict the Kitfile
        Assert.True(UnpackFilterSet.Parse(["kitfile:whatever"]).IncludesKitfile);
    }

    [Fact]
    public void Model_type_covers_parts_by_name_or_path()
    {
        var set = UnpackFilterSet.Parse(["model:lora"]);
        Assert.True(set.Includes(LayerKind.ModelPart, "lora", "adapters/lora.bin"));
        Assert.True(UnpackFilterSet.Parse(["model:adapters/lora.bin"]).Includes(LayerKind.ModelPart, "lora", "adapters/lora.bin"));
        Assert.False(set.Includes(LayerKind.ModelPart, "other", "adapters/other.bin"));
        Assert.False(set.Includes(LayerKind.Model, "base", "base.bin"));
        Assert.True(UnpackFilterSet.Parse(["model"]).Includes(LayerKind.ModelPart, null, "x"));
        Assert.False(set.Includes(LayerKind.Dataset, "lora", "lora"));
    }

    [Fact]
    public void Ids_compare_to_paths_after_cleaning()
    {
        var set = UnpackFilterSet.Parse(["docs:./README.md"]);
        Assert.True(set.Includes(LayerKind.Docs, null, "./README.md"));
        Assert.True(set.Includes(LayerKind.Docs, null, "README.md"));
        Assert.True(UnpackFilterSet.Parse(["docs:docs/"]).Includes(LayerKind.Docs, null, "./docs"));
        Assert.False(set.Includes(LayerKind.Docs, null, "docs/README.md"));
    }

    [Fact]
    public void Code_and_docs_match_path_only()
    {
        var set = UnpackFilterSet.Parse(["code:src"]);
        Assert.True(set.Includes(LayerKind.Code, null, "src"));
        Assert.False(set.Includes(LayerKind.Code, null, "lib"));
        Assert.False(set.Includes(LayerKind.Docs, null, "src"));
        Assert.False(set.IncludesNamed(UnpackFilterType.Datasets, "x", "y"));
    }

    [Fact]
    public void Filters_are_ored()
    {
        var set = UnpackFilterSet.Parse(["model", "datasets:validation"]);
        Assert.True(set.Includes(LayerKind.Model, "anything", "m"));
        Assert.True(set.Includes(LayerKind.Dataset, "validation", "data/val"));
        Assert.True(set.Includes(LayerKind.Dataset, null, "validation"));
        Assert.False(set.Includes(LayerKind.Dataset, "training", "data/train"));
        Assert.False(set.Includes(LayerKind.Code, null, "."));
        Assert.False(set.IncludesKitfile);
    }

    [Fact]
    public void Deprecated_flags_become_one_filter()
    {
        var set = UnpackFilterSet.FromDeprecatedFlags(kitfile: true, model: false, code: true, datasets: false, docs: false);
        var filter = Assert.Single(set.Filters);
        Assert.Equal([UnpackFilterType.Kitfile, UnpackFilterType.Code], filter.Types);
        Assert.True(set.IncludesKitfile);
        Assert.True(set.Includes(LayerKind.Code, null, "."));
        Assert.False(set.Includes(LayerKind.Model, "m", "m"));
        Assert.True(UnpackFilterSet.FromDeprecatedFlags(false, false, false, false, false).IsEverything);
    }

    [Fact]
    public void Options_or_filters_with_deprecated_flags()
    {
        var set = UnpackFilterSet.FromOptions(["datasets:a"], kitfile: false, model: true, code: false, datasets: false, docs: false);
        Assert.Equal(2, set.Filters.Count);
        Assert.True(set.Includes(LayerKind.Dataset, "a", "p"));
        Assert.True(set.Includes(LayerKind.Model, "m", "m"));
        Assert.False(set.Includes(LayerKind.Dataset, "b", "q"));
        Assert.True(UnpackFilterSet.FromOptions([], false, false, false, false, false).IsEverything);
        Assert.Throws<FormatException>(() => UnpackFilterSet.FromOptions(["bogus"], false, false, false, false, false));
    }

    [Theory]
    [InlineData(new string[0], "model")]
    [InlineData(new[] { "kitfile" }, null)]
    [InlineData(new[] { "code,datasets" }, null)]
    [InlineData(new[] { "kitfile,model,docs" }, "model")]
    [InlineData(new[] { "model:base,lora", "code" }, "model:base,lora")]
    [InlineData(new[] { "datasets:x", "model,code:y" }, "model:y")]
    public void Parents_get_only_the_model_type_with_ids_kept(string[] filters, string? expected)
    {
        var parent = UnpackFilterSet.Parse(filters).ForParentModel();
        Assert.Equal(expected, parent is null ? null : string.Join(' ', parent.Filters));
    }
}
