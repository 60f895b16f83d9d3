using System.Text;
using Kit.Core.Kitfiles;
using Kit.Oci;

namespace Kit.Core.Tests.Kitfile;

public class KitfileJsonTests
{
    private static readonly Digest M = Digest.Parse("sha256:" + new string('a', 64));
    private static readonly Digest K = Digest.Parse("sha256:" + new string('b', 64));
    private static readonly Digest U = Digest.Parse("sha256:" + new string('c', 64));

    private static string Json(Kit.Core.Kitfiles.Kitfile k) => Encoding.UTF8.GetString(KitfileJson.Write(k));

    [Fact]
    public void MatchesTheKitOpsExample()
    {
        var k = KitfileYaml.Read("manifestVersion: 1.0.0\npackage:\n  name: demo\n  authors: [Ann]\nmodel:\n  name: m\n  path: model\ncode:\n  - path: .\n");
        k = k with
        {
            Model = k.Model!.WithLayer(M, M),
            Code = [k.Code[0].WithLayer(K, U)],
        };
        Assert.Equal(
            $"{{\"manifestVersion\":\"1.0.0\",\"package\":{{\"name\":\"demo\",\"authors\":[\"Ann\"]}},\"model\":{{\"name\":\"m\",\"path\":\"model\",\"digest\":\"{M}\",\"diffId\":\"{M}\"}},\"code\":[{{\"path\":\".\",\"digest\":\"{K}\",\"diffId\":\"{U}\"}}]}}",
            Json(k));
    }

    [Fact]
    public void EmptyKitfileKeepsManifestVersionAndPackage() =>
        Assert.Equal("{\"manifestVersion\":\"\",\"package\":{}}", Json(new Kit.Core.Kitfiles.Kitfile()));

    [Fact]
    public void EmptyModelIsWrittenAsEmptyObject() =>
        Assert.Equal("{\"manifestVersion\":\"1\",\"package\":{},\"model\":{}}",
            Json(new Kit.Core.Kitfiles.Kitfile { ManifestVersion = "1", Model = new ModelSection() }));

    [Fact]
    public void FieldOrderFollowsTheGoStructs()
    {
        var k = new Kit.Core.Kitfiles.Kitfile
        {
            ManifestVersion = "v",
            Package = new PackageSection { Authors = ["a"], License = "l", Description = "d", Version = "1", Name = "n" },
            Docs = [new DocsEntry { Description = "dd" }],
            Datasets = [new DatasetEntry { Parameters = new ParameterBool(false), License = "l", Description = "d", Path = "p", Name = "n" }.WithLayer(K, U)],
            Code = [new CodeEntry { License = "l", Description = "d", Path = "p" }],
            Model = new ModelSection
            {
                Parameters = ParameterNull.Instance, Parts = [new ModelPart { Type = "t", License = "l", Path = "p", Name = "n" }.WithLayer(K, U)],
                Description = "d", Version = "v", Format = "f", Framework = "fw", License = "l", Path = "p", Name = "n",
            },
        };
        Assert.Equal(
            "{\"manifestVersion\":\"v\",\"package\":{\"name\":\"n\",\"version\":\"1\",\"description\":\"d\",\"license\":\"l\",\"authors\":[\"a\"]}," +
            "\"model\":{\"name\":\"n\",\"path\":\"p\",\"license\":\"l\",\"framework\":\"fw\",\"format\":\"f\",\"version\":\"v\",\"description\":\"d\"," +
            $"\"parts\":[{{\"name\":\"n\",\"path\":\"p\",\"license\":\"l\",\"type\":\"t\",\"digest\":\"{K}\",\"diffId\":\"{U}\"}}],\"parameters\":null}}," +
            "\"code\":[{\"path\":\"p\",\"description\":\"d\",\"license\":\"l\"}]," +
            $"\"datasets\":[{{\"name\":\"n\",\"path\":\"p\",\"description\":\"d\",\"license\":\"l\",\"parameters\":false,\"digest\":\"{K}\",\"diffId\":\"{U}\"}}]," +
            "\"docs\":[{\"path\":\"\",\"description\":\"dd\"}]}",
            Json(k));
    }

    [Fact]
    public void DocsPathIsAlwaysPresentButOtherEmptyFieldsAreOmitted() =>
        Assert.Equal("{\"manifestVersion\":\"\",\"package\":{},\"code\":[{}],\"docs\":[{\"path\":\"\"}]}",
            Json(new Kit.Core.Kitfiles.Kitfile { Code = [new CodeEntry()], Docs = [new DocsEntry()] }));

    [Theory]
    [InlineData("<a>&b", "\\u003ca\\u003e\\u0026b")]
    [InlineData("line\u2028sep\u2029", "line\\u2028sep\\u2029")]
    [InlineData("\u0001\u001f\t\n\r\b\f\"\\", "\\u0001\\u001f\\t\\n\\r\\b\\f\\\"\\\\")]
    [InlineData("héllo 世界 \U0001F600 \u007f", "héllo 世界 \U0001F600 \u007f")]
    public void StringsAreEscapedLikeGo(string value, string escaped) =>
        Assert.Equal($"{{\"manifestVersion\":\"{escaped}\",\"package\":{{}}}}", Json(new Kit.Core.Kitfiles.Kitfile { ManifestVersion = value }));

    [Fact]
    public void NoTrailingNewlineAndUtf8Raw()
    {
        var bytes = KitfileJson.Write(new Kit.Core.Kitfiles.Kitfile { ManifestVersion = "é" });
        Assert.NotEqual((byte)'\n', bytes[^1]);
        Assert.Equal(new byte[] { 0xC3, 0xA9 }, bytes[20..22]);
    }

    [Fact]
    public void IndentedLikeMarshalIndent()
    {
        var k = new Kit.Core.Kitfiles.Kitfile { ManifestVersion = "1", Package = new PackageSection { Authors = ["a", "b"] }, Model = new ModelSection(), Docs = [new DocsEntry()] };
        Assert.Equal("""
            {
              "manifestVersion": "1",
              "package": {
                "authors": [
                  "a",
                  "b"
                ]
              },
              "model": {},
              "docs": [
                {
                  "path": ""
                }
              ]
            }
            """, KitfileJson.WriteIndented(k));
    }

    [Fact]
    public void ReadsBackWhatItWrites()
    {
        var k = KitfileYaml.Read("""
            manifestVersion: 1.0.0
            package: {name: demo, authors: [Ann, "<b>"]}
            model:
              name: m
              path: model
              parts: [{name: p, path: p, type: t}]
              parameters: {b: [1, 2.5, null, true, "x"], a: {c: 1e-7}}
            code: [{path: ., license: MIT}]
            datasets: [{name: d, path: d, parameters: 3}]
            docs: [{path: "", description: x}]
            """);
        k = k with { Model = k.Model!.WithLayer(M, U) };
        var bytes = KitfileJson.Write(k);
        var back = KitfileJson.Read(bytes);
        Assert.Equal(k, back);
        Assert.Equal(bytes, KitfileJson.Write(back));
    }

    [Fact]
    public void ReadIsLenient()
    {
        var k = KitfileJson.Read("""{"manifestVersion":"1","extra":{"x":1},"Package":{"NAME":"n","unknown":[1]},"model":null,"code":null,"docs":[{"path":"d","future":true}]}"""u8);
        Assert.Equal("1", k.ManifestVersion);
        Assert.Equal("n", k.Package.Name);
        Assert.Null(k.Model);
        Assert.Equal("d", Assert.Single(k.Docs).Path);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    [InlineData("{\"manifestVersion\":1}")]
    [InlineData("{\"code\":{}}")]
    [InlineData("{\"model\":{\"digest\":\"md5:x\"}}")]
    [InlineData("{\"model\":{\"parameters\":1e400}}")]
    public void ReadRejectsMalformedConfigs(string json) =>
        Assert.Throws<KitfileException>(() => KitfileJson.Read(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void ReadCanonicalizesNumbersLikeGoFloat64RoundTrip()
    {
        var k = KitfileJson.Read("""{"model":{"parameters":[1.0,1E2,0.0000001,-0,12345678901234567890]}}"""u8);
        Assert.Equal("{\"manifestVersion\":\"\",\"package\":{},\"model\":{\"parameters\":[1,100,1e-7,0,12345678901234567890]}}",
            Encoding.UTF8.GetString(KitfileJson.Write(k)));
    }
}

/// <summary>The v1.17 sections and dataset fields, in KitOps 1.17's key order, through YAML and config JSON.</summary>
public class KitfileV117SectionsTests
{
    private static readonly Digest P = Digest.Parse("sha256:" + new string('d', 64));
    private static readonly Digest B = Digest.Parse("sha256:" + new string('e', 64));

    private const string Yaml = """
        manifestVersion: 1.0.0
        package:
          name: agent
        datasets:
          - name: web
            path: data/web
            remotePath: s3://bucket/web.parquet
            remoteHash: abc123
            description: crawled
        prompts:
          - name: system
            path: system.prompt.md
            description: the system prompt
        mcpServers:
          - name: files
            path: servers/files.mcpb
            description: file access

        """;

    [Fact]
    public void Yaml_round_trips_the_new_sections_in_v1_17_order()
    {
        var k = KitfileYaml.Read(Yaml);
        Assert.Equal(new DatasetEntry { Name = "web", Path = "data/web", RemotePath = "s3://bucket/web.parquet", RemoteHash = "abc123", Description = "crawled" },
            Assert.Single(k.Datasets));
        Assert.Equal(new PromptEntry { Name = "system", Path = "system.prompt.md", Description = "the system prompt" }, Assert.Single(k.Prompts));
        Assert.Equal(new McpServerEntry { Name = "files", Path = "servers/files.mcpb", Description = "file access" }, Assert.Single(k.McpServers));
        Assert.Equal(Yaml, KitfileYaml.Write(k));
    }

    [Fact]
    public void Config_json_has_prompts_and_mcp_servers_after_docs_and_remote_fields_after_path()
    {
        var k = KitfileYaml.Read(Yaml + "docs:\n  - path: README.md\n");
        k = k with { Prompts = [k.Prompts[0].WithLayer(P, P)], McpServers = [k.McpServers[0].WithLayer(B, B)] };
        Assert.Equal(
            "{\"manifestVersion\":\"1.0.0\",\"package\":{\"name\":\"agent\"},"
            + "\"datasets\":[{\"name\":\"web\",\"path\":\"data/web\",\"remotePath\":\"s3://bucket/web.parquet\",\"remoteHash\":\"abc123\",\"description\":\"crawled\"}],"
            + "\"docs\":[{\"path\":\"README.md\"}],"
            + $"\"prompts\":[{{\"name\":\"system\",\"path\":\"system.prompt.md\",\"description\":\"the system prompt\",\"digest\":\"{P}\",\"diffId\":\"{P}\"}}],"
            + $"\"mcpServers\":[{{\"name\":\"files\",\"path\":\"servers/files.mcpb\",\"description\":\"file access\",\"digest\":\"{B}\",\"diffId\":\"{B}\"}}]}}",
            Encoding.UTF8.GetString(KitfileJson.Write(k)));
        Assert.Equal(k, KitfileJson.Read(KitfileJson.Write(k)));
    }

    [Fact]
    public void A_remote_dataset_has_no_layer_so_digests_skip_it()
    {
        var k = KitfileYaml.Read("manifestVersion: 1.0.0\ndatasets:\n  - name: r\n    path: r\n    remotePath: s3://b/k\n    remoteHash: h\n  - name: l\n    path: l\n");
        var layers = KitfileLayers.Of(k);
        Assert.Equal([false, true], layers.Select(l => l.HasLayer));
        var withDigests = KitfileLayers.WithDigests(k, [(P, P)]);
        Assert.Null(withDigests.Datasets[0].Digest);
        Assert.Equal(P, withDigests.Datasets[1].Digest);
    }
}
