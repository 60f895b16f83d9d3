using Kit.Core.Indexes;
using Kit.Oci;

namespace Kit.Core.Tests.Indexes;

public class IndexLabelsTests
{
    [Fact]
    public void Edits_set_strings_json_and_removals()
    {
        var edits = IndexLabels.ParseLabelEdits(["quantization=q4_0", "targetAccelerator:=[ \"cuda\", \"metal\" ]", "layers:=32", "vram-", "example.com/gpu=a=b"]);
        Assert.Equal(
        [
            new("quantization", "\"q4_0\""), new("targetAccelerator", "[\"cuda\",\"metal\"]"), new("layers", "32"), new("vram", null),
            new IndexLabels.Edit("example.com/gpu", "\"a=b\""),
        ], edits);
        var applied = IndexLabels.Apply(new Dictionary<string, string> { ["vram"] = "\"6GB\"", ["keep"] = "1" }, edits);
        Assert.Equal(["example.com/gpu=a=b", "keep=1", "layers=32", "quantization=q4_0", "targetAccelerator=[\"cuda\",\"metal\"]"], IndexLabels.Pairs(applied));
    }

    [Fact]
    public void A_json_label_nested_as_deep_as_go_reads_is_accepted()
    {
        // System.Text.Json stops at 64 levels unless told; KitOps (Go) reads 10,000.
        var deep = new string('[', 100) + new string(']', 100);
        var edit = Assert.Single(IndexLabels.ParseLabelEdits(["shape:=" + deep]));
        Assert.Equal(deep, edit.Value);
    }

    [Theory]
    [InlineData("noequals", "invalid label \"noequals\": expected key=value to set, or key- to remove")]
    [InlineData("=v", "invalid label \"=v\": key cannot be empty")]
    [InlineData("k:={bad", "invalid label k:={bad: value is not valid JSON")]
    [InlineData("-bad=v", "invalid label key \"-bad\": must be a name of letters, digits, '-', '_', and '.' that starts and ends with a letter or digit, optionally prefixed by a DNS subdomain and '/' (e.g. example.com/gpu)")]
    public void Bad_edits_are_refused_with_KitOps_text(string arg, string message) =>
        Assert.Equal(message, Assert.Throws<KitException>(() => IndexLabels.ParseLabelEdits([arg])).Message);

    [Fact]
    public void A_key_twice_is_refused()
    {
        Assert.Equal("invalid label \"a=2\": each key can be specified only once",
            Assert.Throws<KitException>(() => IndexLabels.ParseLabelEdits(["a=1", "a=2"])).Message);
        Assert.Equal("invalid label \"a=2\": a is already set to \"1\"; each label can be specified only once",
            Assert.Throws<KitException>(() => IndexLabels.ParseSelector(["a=1", "a=2"])).Message);
        Assert.Equal("invalid label \"a\": expected key=value", Assert.Throws<KitException>(() => IndexLabels.ParseSelector(["a"])).Message);
    }

    [Fact]
    public void Annotations_are_strings_and_kit_keys_are_reserved()
    {
        Assert.Equal([new("note", "x=y"), new IndexLabels.Edit("old", null)], IndexLabels.ParseAnnotationEdits(["note=x=y", "old-"]));
        Assert.Equal("invalid annotation k:=1: annotation values are strings; use key=value",
            Assert.Throws<KitException>(() => IndexLabels.ParseAnnotationEdits(["k:=1"])).Message);
        Assert.Throws<KitException>(() => IndexLabels.ParseAnnotationEdits(["ml.kitops.modelkit.size=1"]));
    }

    private static IndexEntry Entry(string seed, string? tag, params (string Key, string Raw)[] labels) =>
        new(MediaTypes.ImageManifest, Digest.Compute(System.Text.Encoding.UTF8.GetBytes(seed)), 1)
        {
            Annotations = tag is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [IndexFormat.OriginalTagAnnotation] = tag },
            Labels = labels.ToDictionary(l => l.Key, l => l.Raw),
        };

    [Fact]
    public void Selection_needs_exactly_one_match()
    {
        var q4 = Entry("a", "q4", ("quantization", "\"q4_0\""), ("layers", "32"));
        var f16 = Entry("b", null, ("quantization", "\"f16\""));
        var index = new ModelKitIndexDocument([q4, f16]);
        Assert.Equal(q4, IndexSelection.Select(index, "r/m", [new("quantization", "q4_0")]));
        Assert.Equal(q4, IndexSelection.Select(index, "r/m", [new("layers", "32")]));

        var none = Assert.Throws<IndexSelectionException>(() => IndexSelection.Select(index, "r/m", [new("quantization", "q8"), new("x", "y")]));
        Assert.Equal("no ModelKit in the index has quantization=q8, x=y. The index contains:", none.Message);
        Assert.Equal(["r/m:q4  (layers=32, quantization=q4_0)", $"{f16.Digest}  (quantization=f16)"], none.Entries);

        var several = Assert.Throws<IndexSelectionException>(() => IndexSelection.Select(index, "r/m", []));
        Assert.Equal("2 ModelKits in the index match; add labels to select one of:", several.Message);

        Assert.Equal(f16, IndexSelection.Select(new ModelKitIndexDocument([f16]), "r/m", []));
        Assert.Equal("index contains no ModelKits", Assert.Throws<KitException>(() => IndexSelection.Select(ModelKitIndexDocument.Empty, "r/m", [])).Message);
        var unlabelled = Assert.Throws<IndexSelectionException>(() => IndexSelection.Select(new ModelKitIndexDocument([Entry("c", "t"), f16]), "r/m", [new("a", "b")]));
        Assert.Equal("r/m:t  (no labels)", unlabelled.Entries[0]);
    }
}
