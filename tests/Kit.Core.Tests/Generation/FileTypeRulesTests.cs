using Kit.Core.Generation;

namespace Kit.Core.Tests.Generation;

/// <summary>KitOps's determineFileType cases; prompt and agent files are the prompt type (KitOps 1.17).</summary>
public sealed class FileTypeRulesTests
{
    [Theory]
    [InlineData("system.prompt", "Prompt")]
    [InlineData("chain.prompt.md", "Prompt")]
    [InlineData("my.prompt.yaml", "Prompt")]
    [InlineData("instruction.prompt.txt", "Prompt")]
    [InlineData("user.prompt", "Prompt")]
    [InlineData("AGENTS.md", "Prompt")]
    [InlineData("agents.md", "Prompt")]
    [InlineData("SKILL.md", "Prompt")]
    [InlineData("skill.md", "Prompt")]
    [InlineData("CLAUDE.md", "Prompt")]
    [InlineData("prompt.txt", "Metadata")]
    [InlineData("my_prompt.md", "Docs")]
    [InlineData("prompter.py", "Unknown")]
    [InlineData("model.gguf", "Model")]
    [InlineData("data.csv", "Dataset")]
    [InlineData("README.md", "Docs")]
    [InlineData("config.json", "Metadata")]
    [InlineData("script.sh", "Unknown")]
    [InlineData("pytorch_model.bin", "Model")]
    [InlineData("pytorch_model-00001-of-00002.bin", "Model")]
    [InlineData("weights.bin", "Unknown")]
    [InlineData("MODEL.GGUF", "Unknown")]
    [InlineData("train.parquet", "Dataset")]
    [InlineData("model.onnx", "Model")]
    public void Classifies_by_name(string name, string expected) =>
        Assert.Equal(Enum.Parse<GeneratedFileType>(expected), FileTypeRules.Classify(name));
}
