using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Kitfile;

public class KitfileValidatorTests
{
    private static IReadOnlyList<string> Problems(string yaml) => KitfileValidator.FindProblems(KitfileYaml.Read(yaml));

    [Fact]
    public void ValidKitfileHasNoProblems()
    {
        var k = KitfileYaml.Read("manifestVersion: 1\nmodel:\n  name: m\n  path: model\n  parts:\n    - {name: p, path: p, type: lora_v1.2-x}\ncode:\n  - path: src\ndocs:\n  - path: README.md\n");
        KitfileValidator.Validate(k);
        Assert.Empty(KitfileValidator.FindProblems(k));
    }

    [Fact]
    public void DuplicatePathsListEveryId() =>
        Assert.Equal(["model m, dataset d, code layer 0 and docs layer 1 use the same path x"],
            Problems("model: {name: m, path: x}\ndatasets: [{name: d, path: x}]\ncode: [{path: x}]\ndocs: [{path: y}, {path: x}]\n"));

    [Theory]
    [InlineData("./m", "m")]
    [InlineData("m/", "m")]
    [InlineData("a//b/./c/", "a/b/c")]
    [InlineData("a/../m", "m")]
    public void DuplicatesAreComparedAfterCleaning(string written, string other) =>
        Assert.Equal([$"code layer 0 and code layer 1 use the same path {KitfilePath.Clean(other)}"],
            Problems($"code: [{{path: '{written}'}}, {{path: '{other}'}}]\n"));

    [Fact]
    public void EmptyPathCountsAsDot() =>
        Assert.Equal(["model m and code layer 0 use the same path ."], Problems("model: {name: m}\ncode: [{path: .}]\n"));

    [Theory]
    [InlineData("/abs/model")]
    [InlineData("/")]
    public void AbsolutePathsAreRejected(string path) =>
        Assert.Equal([$"absolute paths are not supported in a Kitfile (path {path} in modelpart p)"],
            Problems($"model:\n  parts: [{{name: p, path: '{path}'}}]\n"));

    [Theory]
    [InlineData("-lora")]
    [InlineData(".x")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("é")]
    public void InvalidPartTypes(string type) =>
        Assert.Equal(["modelpart p has invalid type (must be alphanumeric with dots, dashes, and underscores)"],
            Problems($"model:\n  parts: [{{name: p, path: p, type: '{type}'}}]\n"));

    [Fact]
    public void PartTypeLengthLimit()
    {
        Assert.Empty(Problems($"model:\n  parts: [{{name: p, path: p, type: {new string('a', 64)}}}]\n"));
        Assert.Equal(["modelpart p type is too long (must be fewer than 64 characters)"],
            Problems($"model:\n  parts: [{{name: p, path: p, type: {new string('a', 65)}}}]\n"));
    }

    [Fact]
    public void AllProblemsAreSortedIntoOneMessage()
    {
        var k = KitfileYaml.Read("model: {name: m, path: /m}\ncode: [{path: a}, {path: a}]\ndatasets: [{name: d, path: /d}]\n");
        var e = Assert.Throws<KitfileValidationException>(() => KitfileValidator.Validate(k));
        Assert.Equal(
            "errors while validating Kitfile: \n" +
            "  * absolute paths are not supported in a Kitfile (path /d in dataset d)\n" +
            "  * absolute paths are not supported in a Kitfile (path /m in model m)\n" +
            "  * code layer 0 and code layer 1 use the same path a",
            e.Message);
        Assert.Equal(3, e.Problems.Count);
    }

    [Theory]
    [InlineData("", ".")]
    [InlineData(".", ".")]
    [InlineData("./", ".")]
    [InlineData("a/b/../c", "a/c")]
    [InlineData("../x", "../x")]
    [InlineData("a/../../x", "../x")]
    [InlineData("//a//", "/a")]
    [InlineData("/..", "/")]
    public void CleanMatchesGoPathClean(string path, string expected) => Assert.Equal(expected, KitfilePath.Clean(path));
}
