using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Kitfile;

public class KitfileYamlReadTests
{
    private const string Full = """
        manifestVersion: 1.0.0
        package:
          name: demo
          version: 1.0
          description: A demo
          license: Apache-2.0
          authors: [Ann, Bob]
        model:
          name: m
          path: model
          license: MIT
          framework: pytorch
          format: safetensors
          version: 2
          description: the model
          parts:
            - name: lora
              path: lora/
              type: lora-adapter
          parameters:
            lr: 0.001
        code:
          - path: src
            description: code
            license: MIT
        datasets:
          - name: train
            path: data/train.csv
            description: training
            license: CC0
            parameters: {rows: 10}
        docs:
          - path: README.md
            description: readme
        """;

    [Fact]
    public void ReadsEveryField()
    {
        var k = KitfileYaml.Read(Full);
        Assert.Equal("1.0.0", k.ManifestVersion);
        Assert.Equal("demo", k.Package.Name);
        Assert.Equal("1.0", k.Package.Version);
        Assert.Equal(["Ann", "Bob"], k.Package.Authors);
        Assert.Equal("Apache-2.0", k.Package.License);
        var m = Assert.IsType<ModelSection>(k.Model);
        Assert.Equal(("m", "model", "MIT", "pytorch", "safetensors", "2", "the model"),
            (m.Name, m.Path, m.License, m.Framework, m.Format, m.Version, m.Description));
        Assert.Equal(new ModelPart { Name = "lora", Path = "lora/", Type = "lora-adapter" }, Assert.Single(m.Parts));
        Assert.Equal("{\"lr\":0.001}", Json(m.Parameters!));
        Assert.Equal(new CodeEntry { Path = "src", Description = "code", License = "MIT" }, Assert.Single(k.Code));
        var d = Assert.Single(k.Datasets);
        Assert.Equal(("train", "data/train.csv", "training", "CC0"), (d.Name, d.Path, d.Description, d.License));
        Assert.Equal("{\"rows\":10}", Json(d.Parameters!));
        Assert.Equal(new DocsEntry { Path = "README.md", Description = "readme" }, Assert.Single(k.Docs));
    }

    [Theory]
    [InlineData("manifestVersion: 1.0\n", "1.0")]
    [InlineData("manifestVersion: 0x10\n", "0x10")]
    [InlineData("manifestVersion: true\n", "true")]
    [InlineData("manifestVersion: '1.0'\n", "1.0")]
    [InlineData("manifestVersion: ~\n", "")]
    [InlineData("manifestVersion:\n", "")]
    [InlineData("manifestVersion: 2024-01-01\n", "2024-01-01")]
    public void StringFieldsTakeTheScalarText(string yaml, string expected) =>
        Assert.Equal(expected, KitfileYaml.Read(yaml).ManifestVersion);

    [Fact]
    public void UnknownFieldReportsKeySectionLineAndColumn()
    {
        var e = Assert.Throws<KitfileException>(() => KitfileYaml.Read("manifestVersion: 1\nmodel:\n  name: x\n  foo: 1\n"));
        Assert.StartsWith("Kitfile line 4, column 3: unknown field 'foo' in model", e.Message);
        Assert.Equal((4, 3), (e.Line, e.Column));
    }

    [Theory]
    [InlineData("foo: 1\n", 1, 1, "unknown field 'foo' in the Kitfile")]
    [InlineData("package:\n  Name: x\n", 2, 3, "unknown field 'Name' in package")]
    [InlineData("model:\n  parts:\n    - name: a\n    - nme: b\n", 4, 7, "unknown field 'nme' in model.parts[1]")]
    [InlineData("code:\n  - path: a\n    foo: b\n", 3, 5, "unknown field 'foo' in code[0]")]
    [InlineData("datasets:\n  - bar: 1\n", 2, 5, "unknown field 'bar' in datasets[0]")]
    [InlineData("docs:\n  - license: x\n", 2, 5, "unknown field 'license' in docs[0]")]
    public void UnknownFieldsAtEveryLevel(string yaml, int line, int column, string message)
    {
        var e = Assert.Throws<KitfileException>(() => KitfileYaml.Read(yaml));
        Assert.StartsWith($"Kitfile line {line}, column {column}: {message}", e.Message);
    }

    [Theory]
    [InlineData("model:\n  path: m\n  digest: sha256:abc\n", "digest", "model")]
    [InlineData("code:\n  - path: m\n    diffId: x\n", "diffId", "code[0]")]
    [InlineData("docs:\n  - path: m\n    digest: x\n", "digest", "docs[0]")]
    [InlineData("model:\n  parts:\n    - diffId: x\n", "diffId", "model.parts[0]")]
    [InlineData("datasets:\n  - digest: x\n", "digest", "datasets[0]")]
    public void DigestAndDiffIdAreRejected(string yaml, string field, string section)
    {
        var e = Assert.Throws<KitfileException>(() => KitfileYaml.Read(yaml));
        Assert.Contains($"field '{field}' in {section} is computed by kit pack", e.Message);
        Assert.NotNull(e.Line);
    }

    [Fact]
    public void DuplicateKeysAreRejected()
    {
        var e = Assert.Throws<KitfileException>(() => KitfileYaml.Read("manifestVersion: 1\npackage:\n  name: a\n  name: b\n"));
        Assert.Equal("Kitfile line 4, column 3: mapping key \"name\" already defined at line 3", e.Message);
    }

    [Fact]
    public void DuplicateParameterKeysAreRejected() =>
        Assert.Contains("already defined",
            Assert.Throws<KitfileException>(() => KitfileYaml.Read("model:\n  parameters:\n    a: 1\n    a: 2\n")).Message);

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    public void EmptyKitfileIsAClearError(string yaml) =>
        Assert.StartsWith("Kitfile is empty", Assert.Throws<KitfileException>(() => KitfileYaml.Read(yaml)).Message);

    [Fact]
    public void OnlyTheFirstDocumentIsRead()
    {
        var k = KitfileYaml.Read("manifestVersion: a\n---\nmanifestVersion: b\nfoo: bar\n");
        Assert.Equal("a", k.ManifestVersion);
    }

    [Theory]
    [InlineData("package:\n  authors: x\n", 2, 12, "package.authors must be a list, found a scalar")]
    [InlineData("package:\n  name: {a: 1}\n", 2, 9, "package.name must be a string, found a mapping")]
    [InlineData("package:\n  name: [a]\n", 2, 9, "package.name must be a string, found a sequence")]
    [InlineData("package:\n  authors: [a, [b]]\n", 2, 16, "package.authors[1] must be a string, found a sequence")]
    [InlineData("model: x\n", 1, 8, "model must be a mapping, found a scalar")]
    [InlineData("code:\n  path: x\n", 2, 3, "code must be a list, found a mapping")]
    [InlineData("- a\n", 1, 1, "the Kitfile must be a mapping, found a sequence")]
    [InlineData("code:\n  - x\n", 2, 5, "code[0] must be a mapping, found a scalar")]
    public void TypeMismatchesNameThePosition(string yaml, int line, int column, string message) =>
        Assert.Equal($"Kitfile line {line}, column {column}: {message}",
            Assert.Throws<KitfileException>(() => KitfileYaml.Read(yaml)).Message);

    [Fact]
    public void SyntaxErrorsCarryPosition()
    {
        var e = Assert.Throws<KitfileException>(() => KitfileYaml.Read("package:\n  name: a\n   bad: [\n"));
        Assert.StartsWith("Kitfile line ", e.Message);
        Assert.NotNull(e.Line);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void NullSectionsMeanAbsentOrEmpty()
    {
        var k = KitfileYaml.Read("manifestVersion: x\npackage:\nmodel:\ncode:\ndatasets: ~\ndocs: []\n");
        Assert.Null(k.Model);
        Assert.True(k.Package.IsEmpty);
        Assert.Empty(k.Code);
        Assert.Empty(k.Datasets);
        Assert.Empty(k.Docs);
    }

    [Fact]
    public void EmptyModelMappingIsKept() =>
        Assert.Equal(new ModelSection(), KitfileYaml.Read("model: {}\n").Model);

    [Fact]
    public void AnchorsAndMergeKeysWork()
    {
        var k = KitfileYaml.Read("""
            code:
              - &base
                path: a
                license: MIT
              - <<: *base
                path: b
            """);
        Assert.Equal(new CodeEntry { Path = "b", License = "MIT" }, k.Code[1]);
    }

    private static string Json(ParameterValue v)
    {
        var w = new Kit.Oci.Serialization.GoJsonWriter();
        KitfileJson.WriteParameter(w, v);
        return w.ToString();
    }

    [Fact]
    public void Nesting_as_deep_as_allowed_is_read_into_a_tree_on_a_thread_with_a_small_stack()
    {
        // A library caller's thread may have a small stack: reading the YAML must not recurse once per level.
        const int depth = 9_000;
        var yaml = $"parameters: {new string('[', depth)}{new string(']', depth)}\n";
        YamlTreeNode? root = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { root = YamlTree.LoadFirstDocument(yaml); }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.Null(failure);
        var node = Assert.IsType<YamlTreeMapping>(root).Pairs[0].Value;
        var levels = 0;
        while (node is YamlTreeSequence sequence)
        {
            levels++;
            node = sequence.Items.Count > 0 ? sequence.Items[0] : null;
        }
        Assert.Equal(depth, levels);
    }
}
