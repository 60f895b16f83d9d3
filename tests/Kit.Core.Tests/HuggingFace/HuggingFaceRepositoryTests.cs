using Kit.Core.HuggingFace;

namespace Kit.Core.Tests.HuggingFace;

/// <summary>KitOps's table of Hugging Face repository strings.</summary>
public sealed class HuggingFaceRepositoryTests
{
    [Theory]
    [InlineData("https://huggingface.co/org/repo", false)]
    [InlineData("http://huggingface.co/org/repo", false)]
    [InlineData("huggingface.co/org/repo", false)]
    [InlineData("org/repo", false)]
    [InlineData("https://huggingface.co/datasets/org/repo", true)]
    [InlineData("huggingface.co/datasets/org/repo", true)]
    [InlineData("datasets/org/repo", true)]
    [InlineData("https://huggingface.co/datasets/org/repo/tree/main", true)]
    public void Accepted(string value, bool dataset) =>
        Assert.Equal(new HuggingFaceRepository(dataset, "org", "repo"), HuggingFaceRepository.Parse(value));

    [Theory]
    [InlineData("https://github.com/org/repo", "unsupported hostname: github.com (only huggingface.co is supported)")]
    [InlineData("https://huggingface.co.evil.com/org/repo", "unsupported hostname: huggingface.co.evil.com (only huggingface.co is supported)")]
    [InlineData("huggingface.co.evil.com/org/repo", "invalid repository format: huggingface.co.evil.com/org/repo")]
    [InlineData("https://huggingface.co/org/repo/tree/main", "unrecognized HuggingFace URL pattern: org/repo/tree/main")]
    [InlineData("org", "invalid repository format: org")]
    [InlineData("org//repo", "invalid repository format: org//repo")]
    public void Refused(string value, string message) =>
        Assert.Equal(message, Assert.Throws<KitException>(() => HuggingFaceRepository.Parse(value)).Message);
}
