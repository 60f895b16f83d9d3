using Kit.Core.HuggingFace;

namespace Kit.Core.Tests.HuggingFace;

public sealed class HubFileFilterTests
{
    [Theory]
    [InlineData("*Q4_K_M*", "model-Q4_K_M.gguf", true)]
    [InlineData("*Q4_K_M*", "sub/model-Q4_K_M.gguf", true)]
    [InlineData("*Q4_K_M*", "Q4_K_M/model.gguf", true)]
    [InlineData("*.gguf", "a/b/model.gguf", true)]
    [InlineData("*.gguf", "model.gguf.md", false)]
    [InlineData("onnx", "onnx/model.onnx", true)]
    [InlineData("onnx", "onnx-extra/model.onnx", false)]
    [InlineData("onnx/*.onnx", "onnx/model.onnx", true)]
    [InlineData("onnx/*.onnx", "onnx/fp16/model.onnx", false)]
    [InlineData("onnx/**/*.onnx", "onnx/fp16/model.onnx", true)]
    [InlineData("onnx/**/*.onnx", "onnx/model.onnx", true)]
    [InlineData("model-?.bin", "model-1.bin", true)]
    [InlineData("model-?.bin", "model-12.bin", false)]
    public void Include_matches_whole_segments(string pattern, string path, bool kept) =>
        Assert.Equal(kept, new HubFileFilter([pattern], []).Keeps(path));

    [Fact]
    public void Exclude_wins_and_no_include_keeps_everything()
    {
        var filter = new HubFileFilter([], ["raw/**", "*.bin"]);
        Assert.True(filter.Keeps("data/train.parquet"));
        Assert.False(filter.Keeps("raw/dump.csv"));
        Assert.False(filter.Keeps("weights/pytorch_model.bin"));
        Assert.False(new HubFileFilter(["*.gguf"], ["*Q8*"]).Keeps("m-Q8_0.gguf"));
    }
}
