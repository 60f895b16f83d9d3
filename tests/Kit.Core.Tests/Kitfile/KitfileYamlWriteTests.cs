using Kit.Core.Kitfiles;
using Kit.Oci;

namespace Kit.Core.Tests.Kitfile;

public class KitfileYamlWriteTests
{
    [Fact]
    public void WritesLikeYamlV3WithIndentTwo()
    {
        var k = KitfileYaml.Read("""
            manifestVersion: 1.0.0
            package:
              name: demo
              authors: [Ann, Bob Smith]
            model:
              name: m
              path: model
              parts:
                - name: p
                  path: p.bin
              parameters:
                z: [1, {a: x}]
                a: {nested: true}
                e: {}
                l: []
            code:
              - path: .
            datasets:
              - name: d
                path: data
            docs:
              - path: README.md
                description: readme
            """);
        k = k with { Model = k.Model!.WithLayer(Digest.Parse("sha256:" + new string('a', 64)), Digest.Parse("sha256:" + new string('b', 64))) };
        Assert.Equal("""
            manifestVersion: 1.0.0
            package:
              name: demo
              authors: [Ann, Bob Smith]
            model:
              name: m
              path: model
              parts:
                - name: p
                  path: p.bin
              parameters:
                a:
                  nested: true
                e: {}
                l: []
                z:
                  - 1
                  - a: x
            code:
              - path: .
            datasets:
              - name: d
                path: data
            docs:
              - path: README.md
                description: readme

            """.Replace("\r\n", "\n", StringComparison.Ordinal), KitfileYaml.Write(k));
    }

    [Fact]
    public void EmptyKitfileWritesOnlyManifestVersion() =>
        Assert.Equal("manifestVersion: \"\"\n", KitfileYaml.Write(new Kit.Core.Kitfiles.Kitfile()));

    [Fact]
    public void EmptyModelAndEmptyEntries() =>
        Assert.Equal("manifestVersion: v\nmodel: {}\ncode:\n  - {}\ndocs:\n  - path: \"\"\n",
            KitfileYaml.Write(new Kit.Core.Kitfiles.Kitfile { ManifestVersion = "v", Model = new ModelSection(), Code = [new CodeEntry()], Docs = [new DocsEntry()] }));

    // Expected forms are yaml.v3's (go.yaml.in/yaml/v3 Marshal of the string as a mapping value).
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("", "\"\"")]
    [InlineData("1.0", "\"1.0\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("0x1F", "\"0x1F\"")]
    [InlineData("1e3", "\"1e3\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("False", "\"False\"")]
    [InlineData("yes", "\"yes\"")]
    [InlineData("off", "\"off\"")]
    [InlineData("null", "\"null\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("2024-01-02", "\"2024-01-02\"")]
    [InlineData("1:30", "\"1:30\"")]
    [InlineData(".inf", "\".inf\"")]
    [InlineData("<<", "<<")]
    [InlineData(" lead", "' lead'")]
    [InlineData("trail ", "'trail '")]
    [InlineData("*star", "'*star'")]
    [InlineData("&amp", "'&amp'")]
    [InlineData("!bang", "'!bang'")]
    [InlineData("|pipe", "'|pipe'")]
    [InlineData(">gt", "'>gt'")]
    [InlineData("'quoted'", "'''quoted'''")]
    [InlineData("\"dq\"", "'\"dq\"'")]
    [InlineData("%pct", "'%pct'")]
    [InlineData("@at", "'@at'")]
    [InlineData("`tick", "'`tick'")]
    [InlineData("#hash", "'#hash'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData("a#b", "a#b")]
    [InlineData("a:b", "a:b")]
    [InlineData("- x", "'- x'")]
    [InlineData("-x", "-x")]
    [InlineData("---", "'---'")]
    [InlineData("? q", "'? q'")]
    [InlineData("[x]", "'[x]'")]
    [InlineData("{x}", "'{x}'")]
    [InlineData("a,b", "a,b")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("cr\rx", "\"cr\\rx\"")]
    [InlineData("bell\u0007", "\"bell\\a\"")]
    [InlineData("nul\0", "\"nul\\0\"")]
    [InlineData("ctl\u0001", "\"ctl\\x01\"")]
    [InlineData("del\u007f", "\"del\\x7F\"")]
    [InlineData("bom\uFEFF", "\"bom\\uFEFF\"")]
    [InlineData("emoji \U0001F600", "\"emoji \\U0001F600\"")]
    [InlineData("nel\u0085x", "\"nel\\Nx\"")]
    [InlineData("ls\u2028x", "\"ls\\Lx\"")]
    [InlineData("héllo wörld 世界", "héllo wörld 世界")]
    [InlineData("back\\slash", "back\\slash")]
    public void ScalarQuoting(string value, string expected) =>
        Assert.Equal($"manifestVersion: {expected}\n", KitfileYaml.Write(new Kit.Core.Kitfiles.Kitfile { ManifestVersion = value }));

    [Theory]
    [InlineData("a\nb\n", "|\n  a\n  b\n")]
    [InlineData("a\nb", "|-\n  a\n  b\n")]
    [InlineData("a\n\nb", "|-\n  a\n\n  b\n")]
    [InlineData("a\n\n", "|+\n  a\n\n...\n")]
    [InlineData(" a\nb", "|2-\n   a\n  b\n")]
    [InlineData("\na", "|2-\n\n  a\n")]
    [InlineData("a \nb", "\"a \\nb\"\n")]
    [InlineData("a\nb ", "\"a\\nb \"\n")]
    [InlineData("a\n\u0001", "\"a\\n\\x01\"\n")]
    [InlineData("a\tb\nc", "|-\n  a\tb\n  c\n")]
    public void MultiLineStrings(string value, string expected) =>
        Assert.Equal($"manifestVersion: {expected}", KitfileYaml.Write(new Kit.Core.Kitfiles.Kitfile { ManifestVersion = value }));

    [Fact]
    public void LiteralBlocksIndentUnderNestedKeysAndItems()
    {
        var k = new Kit.Core.Kitfiles.Kitfile
        {
            ManifestVersion = "1",
            Model = new ModelSection { Description = "x\ny\n" },
            Code = [new CodeEntry { Description = "p\nq" }],
        };
        Assert.Equal("manifestVersion: \"1\"\nmodel:\n  description: |\n    x\n    y\ncode:\n  - description: |-\n      p\n      q\n",
            KitfileYaml.Write(k));
    }

    [Theory]
    [InlineData(new[] { "a", "b c" }, "[a, b c]")]
    [InlineData(new[] { "a,b", "x" }, "['a,b', x]")]
    [InlineData(new[] { "", "1" }, "[\"\", \"1\"]")]
    [InlineData(new[] { "multi\nline" }, "[\"multi\\nline\"]")]
    [InlineData(new[] { "a:b", "[x]", "it's" }, "['a:b', '[x]', it's]")]
    public void AuthorsInFlowStyle(string[] authors, string expected) =>
        Assert.Equal($"manifestVersion: v\npackage:\n  authors: {expected}\n",
            KitfileYaml.Write(new Kit.Core.Kitfiles.Kitfile { ManifestVersion = "v", Package = new PackageSection { Authors = authors } }));

    [Fact]
    public void ParameterKeysAreQuotedWhenNeeded()
    {
        var k = KitfileYaml.Read("model:\n  parameters: {'1': a, '': b, 'x y': c, 'a: b': d, \"l\\nm\": e, 'true': f}\n");
        Assert.Equal("manifestVersion: \"\"\nmodel:\n  parameters:\n    \"\": b\n    \"1\": a\n    'a: b': d\n    ? |-\n      l\n      m\n    : e\n    \"true\": f\n    x y: c\n",
            KitfileYaml.Write(k));
    }

    [Fact]
    public void NestedSequences()
    {
        var k = KitfileYaml.Read("model:\n  parameters: [[1, 2], [], [{a: 1, b: 2}]]\n");
        Assert.Equal("manifestVersion: \"\"\nmodel:\n  parameters:\n    - - 1\n      - 2\n    - []\n    - - a: 1\n        b: 2\n",
            KitfileYaml.Write(k));
    }
}

public class KitfileYamlComplexKeyTests
{
    private static string ParametersYaml(ParameterValue p) =>
        KitfileYaml.Write(new Kit.Core.Kitfiles.Kitfile { Model = new ModelSection { Parameters = p } });

    [Fact]
    public void KeysOver128BytesBecomeExplicitKeys()
    {
        var key = new string('k', 129);
        var p = new ParameterObject([new(key, new ParameterObject([new("a", ParameterNumber.FromInteger(1)), new("b", ParameterNumber.FromInteger(2))])), new("z", new ParameterString("v"))]);
        Assert.Equal($"manifestVersion: \"\"\nmodel:\n  parameters:\n    ? {key}\n    : a: 1\n      b: 2\n    z: v\n", ParametersYaml(p));
        Assert.Equal(p, KitfileYaml.Read(ParametersYaml(p)).Model!.Parameters);
    }

    [Fact]
    public void A128ByteKeyStaysImplicit()
    {
        var key = new string('k', 128);
        Assert.Contains($"    {key}: v\n", ParametersYaml(new ParameterObject([new(key, new ParameterString("v"))])));
    }

    [Fact]
    public void MultiLineKeysAreLiteralExplicitKeys()
    {
        var p = new ParameterObject([new("a\nb", new ParameterArray([new ParameterString("x")]))]);
        Assert.Equal("manifestVersion: \"\"\nmodel:\n  parameters:\n    ? |-\n      a\n      b\n    : - x\n", ParametersYaml(p));
        Assert.Equal(p, KitfileYaml.Read(ParametersYaml(p)).Model!.Parameters);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(2000)]
    public void LongKeysRoundTrip(int length)
    {
        var p = new ParameterObject([new(new string('k', length), new ParameterString("v"))]);
        Assert.Equal(p, KitfileYaml.Read(ParametersYaml(p)).Model!.Parameters);
    }
}
