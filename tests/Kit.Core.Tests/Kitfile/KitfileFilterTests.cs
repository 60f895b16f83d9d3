using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Kitfile;

public class KitfileFilterTests
{
    private static readonly Kit.Core.Kitfiles.Kitfile K = KitfileYaml.Read("""
        manifestVersion: 1.0.0
        package:
          name: demo
          authors: [Ann, Bob]
        model:
          name: m
          path: model
          parts:
            - name: p
              path: p.bin
          parameters: {lr: 0.1, tags: [a, b]}
        code:
          - path: src
        datasets:
          - name: train
            path: data
        docs:
          - path: README.md
        """);

    [Theory]
    [InlineData(".manifestVersion", "1.0.0\n")]
    [InlineData("manifestVersion", "1.0.0\n")]
    [InlineData(".package.name", "demo\n")]
    [InlineData(".package.authors", "- Ann\n- Bob\n")]  // the list alone: no flow tag, so a block list as yaml.v3 marshals it
    [InlineData(".package", "name: demo\nauthors: [Ann, Bob]\n")]
    [InlineData(".model.parts", "- name: p\n  path: p.bin\n")]
    [InlineData(".datasets", "- name: train\n  path: data\n")]
    [InlineData(".code", "- path: src\n")]
    [InlineData(".docs", "- path: README.md\n")]
    [InlineData(".model.parameters", "lr: 0.1\ntags:\n  - a\n  - b\n")]
    [InlineData(".model.parameters.lr", "0.1\n")]
    [InlineData(".Package.Name", "demo\n")]
    [InlineData(".package.license", "\"\"\n")]
    [InlineData(".model.format", "\"\"\n")]
    public void SelectsNodes(string filter, string expected) => Assert.Equal(expected, KitfileFilter.Apply(K, filter));

    [Fact]
    public void EmptySectionsPrintAsEmpty()
    {
        var k = new Kit.Core.Kitfiles.Kitfile { ManifestVersion = "1" };
        Assert.Equal("{}\n", KitfileFilter.Apply(k, ".package"));
        Assert.Equal("[]\n", KitfileFilter.Apply(k, ".datasets"));
        Assert.Equal("\"\"\n", KitfileFilter.Apply(k, ".package.name"));
    }

    [Theory]
    [InlineData(".model.name")]
    [InlineData(".model")]
    [InlineData(".nope")]
    [InlineData(".code.path")]
    [InlineData(".package.name.more")]
    public void MissingNodesAreAClearError(string filter)
    {
        var k = new Kit.Core.Kitfiles.Kitfile { ManifestVersion = "1", Code = [new CodeEntry { Path = "x" }] };
        Assert.Equal($"error filtering output: cannot find required node {filter}",
            Assert.Throws<KitfileException>(() => KitfileFilter.Apply(k, filter)).Message);
    }

    [Fact]
    public void ArrayAccessIsNotSupported() =>
        Assert.Equal("array access using '[]' is not currently supported",
            Assert.Throws<KitfileException>(() => KitfileFilter.Apply(K, ".model.parts[0]")).Message);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..model")]
    [InlineData(".model.")]
    [InlineData(".mo del")]
    public void BadSyntax(string filter) =>
        Assert.StartsWith("invalid filter", Assert.Throws<KitfileException>(() => KitfileFilter.Apply(K, filter)).Message);
}
