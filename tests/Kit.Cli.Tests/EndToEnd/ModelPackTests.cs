using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// CNCF ModelPacks: <c>kit pack --use-model-pack</c>, and ModelPacks built byte for byte from the model-spec definitions
/// as KitOps, modctl and <c>docker model</c> build them, pushed to the registry by skopeo from an OCI layout, then pulled,
/// listed, inspected and unpacked by kit.
/// </summary>
public sealed class ModelPackTests : TransferTestBase
{
    private static readonly Dictionary<string, string?> Epoch = new() { ["SOURCE_DATE_EPOCH"] = "1794060202" };

    private string Project()
    {
        Work.WriteFile("ctx/Kitfile", """
            manifestVersion: 1.0.0
            package:
              name: llm
              authors: [Ann]
              license: MIT
            model:
              path: model.gguf
              format: gguf
              license: Apache-2.0
              parts:
                - path: tokenizer.json
            code:
              - path: src
            docs:
              - path: README.md
            prompts:
              - name: system
                path: system.prompt.md

            """);
        Work.WriteFile("ctx/model.gguf", "GGUF weights");
        Work.WriteFile("ctx/tokenizer.json", "{}");
        Work.WriteFile("ctx/src/infer.py", "print('hi')\n");
        Work.WriteFile("ctx/README.md", "# llm\n");
        Work.WriteFile("ctx/system.prompt.md", "You are helpful.");
        return Work.Combine("ctx");
    }

    private JsonNode StoredJson(string digest) => JsonNode.Parse(File.ReadAllBytes(BlobPath(Kit, digest)))!;

    [Fact]
    public void Pack_use_model_pack_writes_model_spec_types_and_keeps_the_kitfile_in_the_manifest()
    {
        var ctx = Project();
        var kitDigest = Printed(Kit.RunWithEnvironment(Epoch, "pack", ctx, "-t", "llm:kit").ShouldSucceed());
        var packDigest = Printed(Kit.RunWithEnvironment(Epoch, "pack", ctx, "-t", "llm:mp", "--use-model-pack").ShouldSucceed());
        Assert.Equal(packDigest, Printed(Kit.RunWithEnvironment(Epoch, "pack", ctx, "-t", "llm:mp2", "--use-model-pack").ShouldSucceed()));

        var kit = StoredJson(kitDigest);
        var pack = StoredJson(packDigest);
        Assert.Equal("application/vnd.cncf.model.manifest.v1+json", (string?)pack["artifactType"]);
        Assert.Equal("application/vnd.cncf.model.config.v1+json", (string?)pack["config"]!["mediaType"]);
        Assert.Equal(
            ["application/vnd.cncf.model.weight.v1.tar", "application/vnd.cncf.model.weight.config.v1.tar", "application/vnd.cncf.model.code.v1.tar",
             "application/vnd.cncf.model.doc.v1.tar", "application/vnd.cncf.model.code.v1.tar"],
            pack["layers"]!.AsArray().Select(l => (string?)l!["mediaType"]));
        // The same tar bytes as the ModelKit's layers, and the ModelKit's config, whole, as the Kitfile annotation.
        Assert.Equal(kit["layers"]!.AsArray().Select(l => (string?)l!["digest"]), pack["layers"]!.AsArray().Select(l => (string?)l!["digest"]));
        Assert.Equal("prompt", (string?)pack["layers"]![4]!["annotations"]!["ml.kitops.modelkit.layer-subtype"]);
        var kitConfig = File.ReadAllText(BlobPath(Kit, (string)kit["config"]!["digest"]!));
        Assert.Equal(kitConfig, (string?)pack["annotations"]!["ml.kitops.modelkit.kitfile"]);
        Assert.Equal("2026-11-07T14:03:22Z", (string?)pack["annotations"]!["org.opencontainers.image.created"]);

        var config = JsonNode.Parse(File.ReadAllBytes(BlobPath(Kit, (string)pack["config"]!["digest"]!)))!;
        Assert.Equal(pack["layers"]!.AsArray().Select(l => (string?)l!["digest"]), config["modelfs"]!["diffIds"]!.AsArray().Select(d => (string?)d));
        Assert.Equal("""{"createdAt":"2026-11-07T14:03:22Z","authors":["Ann"],"name":"llm","licenses":["Apache-2.0","MIT"],"title":"llm"}""",
            config["descriptor"]!.ToJsonString());
        Assert.Equal("gguf", (string?)config["config"]!["format"]);

        // Read back like any ModelKit: listed with its name, its Kitfile inspected and unpacked.
        Assert.Contains(Kit.Run("list").ShouldSucceed().Stdout.Split('\n'), l => l.StartsWith("llm ", StringComparison.Ordinal) && l.Contains(" mp ", StringComparison.Ordinal) && l.Contains(" llm ", StringComparison.Ordinal));
        using var inspect = JsonDocument.Parse(Kit.Run("inspect", "llm:mp").ShouldSucceed().Stdout);
        Assert.Equal("system.prompt.md", inspect.RootElement.GetProperty("kitfile").GetProperty("prompts")[0].GetProperty("path").GetString());
        Kit.Run("unpack", "llm:mp", "-d", Work.Combine("out")).ShouldSucceed();
        Kit.Run("unpack", "llm:kit", "-d", Work.Combine("expected")).ShouldSucceed();
        AssertSameTree(Work.Combine("expected"), Work.Combine("out"));
    }

    [Fact]
    public void Pack_use_model_pack_refuses_what_model_spec_cannot_hold()
    {
        var ctx = Project();
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: model.gguf\nmcpServers:\n  - name: files\n    path: files.mcpb\n");
        Assert.Equal("[ERROR] mcpServers are not supported when packing in modelpack format",
            Kit.Run("pack", ctx, "--use-model-pack").ShouldFail().SingleErrorLine());
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: model.gguf\n");
        Assert.Equal("[ERROR] compression for raw layers is not supported for ModelPack",
            Kit.Run("pack", ctx, "--use-model-pack", "--layer-format", "raw", "--compression", "zstd").ShouldFail().SingleErrorLine());
        Assert.Empty(Rows(Kit));
    }

    [RegistryFact(Skopeo = true)]
    public async Task Pack_use_model_pack_push_streams_a_model_pack_to_the_registry()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var ctx = Project();
        var reference = $"{registry.HostPort}/packs/llm:mp";
        Pushed(KitNet(registry, "pack", ctx, "-t", reference, "--use-model-pack", "--push").ShouldSucceed());
        Assert.Empty(Rows(Kit));

        var manifest = JsonNode.Parse(Tools.Run("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{reference}"]))!;
        Assert.Equal("application/vnd.cncf.model.manifest.v1+json", (string?)manifest["artifactType"]);
        Assert.Equal("application/vnd.cncf.model.config.v1+json", (string?)manifest["config"]!["mediaType"]);
        Assert.NotNull(manifest["annotations"]!["ml.kitops.modelkit.kitfile"]);

        var puller = FreshHome("puller");
        Net(puller, registry, "pull", reference).ShouldSucceed();
        puller.Run("unpack", reference, "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal("GGUF weights", File.ReadAllText(Work.Combine("out/model.gguf")));
        Assert.Contains("name: llm", File.ReadAllText(Work.Combine("out/Kitfile")), StringComparison.Ordinal);
    }

    private static string Printed(KitResult result)
    {
        var line = result.Stdout.Split('\n').Single(l => l.StartsWith("Model saved: ", StringComparison.Ordinal));
        return line["Model saved: ".Length..];
    }

    /// <summary>What a ModelPack writer produces: the files it packs, by path, and the OCI layout it writes.</summary>
    public enum Writer { KitOps, Modctl, DockerModel }

    [RegistryTheory(Skopeo = true)]
    [InlineData(Writer.KitOps)]
    [InlineData(Writer.Modctl)]
    [InlineData(Writer.DockerModel)]
    public async Task A_model_pack_pushed_by_skopeo_pulls_lists_and_unpacks(Writer writer)
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var layout = Work.Combine("layout");
        var built = writer switch
        {
            Writer.KitOps => ModelPackLayout.KitOps(layout),
            Writer.Modctl => ModelPackLayout.Modctl(layout),
            _ => ModelPackLayout.DockerModel(layout),
        };
        var remote = $"{registry.HostPort}/packs/{writer.ToString().ToLowerInvariant()}:v1";
        Tools.Run("skopeo", ["copy", "-q", "--dest-tls-verify=false", $"oci:{layout}:v1", $"docker://{remote}"]);
        Assert.Equal(built.ManifestDigest, Sha256(Tools.Run("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{remote}"])));

        Assert.Equal(built.ManifestDigest, Pulled(KitNet(registry, "pull", remote).ShouldSucceed()));
        AssertIntact(Kit);
        var row = Assert.Single(Rows(Kit));
        Assert.Equal(($"{registry.HostPort}/packs/{writer.ToString().ToLowerInvariant()}", "v1", built.ManifestDigest), row);
        using (var inspect = JsonDocument.Parse(Kit.Run("inspect", remote).ShouldSucceed().Stdout))
            Assert.Equal(built.ManifestDigest, inspect.RootElement.GetProperty("digest").GetString());

        // info prints the Kitfile, carried or made up: the first weight is the model.
        Assert.Contains($"  path: {built.Model}\n", Kit.Run("info", remote).ShouldSucceed().Stdout, StringComparison.Ordinal);

        var output = Work.Combine("out");
        var unpack = Kit.Run("unpack", remote, "-d", output).ShouldSucceed();
        // KitOps's warning when the Kitfile is made up from the layers.
        Assert.Equal(writer != Writer.KitOps, unpack.Stderr.Contains("Artifact does not include Kitfile: functionality may be impacted", StringComparison.Ordinal));
        var expected = new Dictionary<string, string>(built.Files);
        if (writer == Writer.KitOps) expected["Kitfile"] = File.ReadAllText(Path.Combine(output, "Kitfile"));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal),
            Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).Order(StringComparer.Ordinal));
        foreach (var (path, content) in built.Files)
            Assert.Equal(content, File.ReadAllText(Path.Combine(output, path)));
        if (writer == Writer.KitOps)
            Assert.Contains("name: tiny", expected["Kitfile"], StringComparison.Ordinal);

        // Filters select by the sections of the Kitfile, carried or made up: docs is the README alone.
        var docs = Work.Combine("docs");
        Kit.Run("unpack", remote, "-d", docs, "--filter", "docs").ShouldSucceed();
        Assert.Equal(["README.md"], Directory.GetFiles(docs, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(docs, f)));

        // Straight from the registry, without pulling first.
        var direct = Work.Combine("direct");
        Net(FreshHome("direct"), registry, "unpack", remote, "-d", direct).ShouldSucceed();
        foreach (var (path, content) in built.Files)
            Assert.Equal(content, File.ReadAllText(Path.Combine(direct, path)));
    }
}

/// <summary>
/// Writes ModelPacks into an OCI image layout, byte for byte as each tool builds them from model-spec's definitions:
/// KitOps (tar layers, its Kitfile in a manifest annotation), modctl (raw layers with file metadata, a tar for a folder,
/// the untested-media-type annotation, a model-spec config with architecture and precision), and Docker Model Runner's
/// conversion (raw weight, weight config and doc layers carrying only their path).
/// </summary>
internal static class ModelPackLayout
{
    /// <param name="ManifestDigest">The manifest's digest.</param>
    /// <param name="Files">Each packed file's path and content.</param>
    /// <param name="Model">The file of the first weight layer.</param>
    public sealed record Built(string ManifestDigest, IReadOnlyDictionary<string, string> Files, string Model);

    private const string FilePath = "org.cncf.model.filepath";

    public static Built KitOps(string layout)
    {
        var files = new Dictionary<string, string>
        {
            ["model.gguf"] = "GGUF tiny weights",
            ["tokenizer.json"] = "{\"vocab\":[]}",
            ["README.md"] = "# tiny\n",
            ["system.prompt.md"] = "Be brief.",
        };
        var layers = new List<(JsonObject Descriptor, string DiffId)>
        {
            TarLayer("weight", ("model.gguf", files["model.gguf"])),
            TarLayer("weight.config", ("tokenizer.json", files["tokenizer.json"])),
            TarLayer("doc", ("README.md", files["README.md"])),
            TarLayer("code", ("system.prompt.md", files["system.prompt.md"])),
        };
        layers[3].Descriptor["annotations"] = new JsonObject { ["ml.kitops.modelkit.layer-subtype"] = "prompt", [FilePath] = "system.prompt.md" };
        string D(int i) => $"\"digest\":\"{layers[i].Descriptor["digest"]}\",\"diffId\":\"{layers[i].DiffId}\"";
        var kitfile = "{\"manifestVersion\":\"1.0.0\",\"package\":{\"name\":\"tiny\",\"authors\":[\"Ann\"]},"
            + $"\"model\":{{\"path\":\"model.gguf\",\"format\":\"gguf\",\"parts\":[{{\"path\":\"tokenizer.json\",{D(1)}}}],{D(0)}}},"
            + $"\"docs\":[{{\"path\":\"README.md\",{D(2)}}}],\"prompts\":[{{\"name\":\"system\",\"path\":\"system.prompt.md\",{D(3)}}}]}}";
        var config = "{\"descriptor\":{\"createdAt\":\"2026-11-07T15:04:05.123456789+01:00\",\"authors\":[\"Ann\"],\"name\":\"tiny\",\"title\":\"tiny\"},"
            + $"\"modelfs\":{{\"type\":\"layers\",\"diffIds\":[{string.Join(",", layers.Select(l => $"\"{l.DiffId}\""))}]}},\"config\":{{\"format\":\"gguf\"}}}}";
        var annotations = new JsonObject
        {
            ["ml.kitops.modelkit.cli-version"] = "1.17.0",
            ["ml.kitops.modelkit.kitfile"] = kitfile,
            ["org.opencontainers.image.created"] = "2026-11-07T14:04:05Z",
        };
        return Write(layout, config, [.. layers.Select(l => l.Descriptor)], annotations, files);
    }

    public static Built Modctl(string layout)
    {
        var files = new Dictionary<string, string>
        {
            ["model-00001-of-00002.safetensors"] = "safetensors shard one",
            ["model-00002-of-00002.safetensors"] = "safetensors shard two",
            ["config.json"] = "{\"architectures\":[\"Qwen2\"]}",
            ["README.md"] = "# qwen\n",
            ["scripts/infer.py"] = "import torch\n",
        };
        var layers = new List<(JsonObject Descriptor, string DiffId)>
        {
            RawLayer("weight.config", "config.json", files["config.json"], metadata: true, untested: true),
            RawLayer("weight", "model-00001-of-00002.safetensors", files["model-00001-of-00002.safetensors"], metadata: true, untested: true),
            RawLayer("weight", "model-00002-of-00002.safetensors", files["model-00002-of-00002.safetensors"], metadata: true, untested: true),
            TarLayer("code", ("scripts/infer.py", files["scripts/infer.py"])),
            RawLayer("doc", "README.md", files["README.md"], metadata: true, untested: true),
        };
        layers[3].Descriptor["annotations"]!["org.cncf.model.file.mediatype.untested"] = "false";
        var config = "{\"descriptor\":{\"createdAt\":\"2026-11-07T15:04:05.987654321Z\",\"family\":\"qwen2\",\"name\":\"qwen2-0.5b\"},"
            + $"\"modelfs\":{{\"type\":\"layers\",\"diffIds\":[{string.Join(",", layers.Select(l => $"\"{l.DiffId}\""))}]}},"
            + "\"config\":{\"architecture\":\"transformer\",\"format\":\"safetensors\",\"paramSize\":\"0.5b\",\"precision\":\"bf16\"}}";
        return Write(layout, config, [.. layers.Select(l => l.Descriptor)], null, files);
    }

    public static Built DockerModel(string layout)
    {
        var files = new Dictionary<string, string>
        {
            ["model.gguf"] = "GGUF docker weights",
            ["template.jinja"] = "{{ messages }}",
            ["README.md"] = "# smol\n",
        };
        var layers = new List<(JsonObject Descriptor, string DiffId)>
        {
            RawLayer("weight", "model.gguf", files["model.gguf"], metadata: false, untested: false),
            RawLayer("weight.config", "template.jinja", files["template.jinja"], metadata: false, untested: false),
            RawLayer("doc", "README.md", files["README.md"], metadata: false, untested: false),
        };
        var config = "{\"descriptor\":{\"createdAt\":\"2026-11-07T15:04:05Z\",\"family\":\"llama\"},"
            + $"\"modelfs\":{{\"type\":\"layers\",\"diffIds\":[{string.Join(",", layers.Select(l => $"\"{l.DiffId}\""))}]}},"
            + "\"config\":{\"architecture\":\"llama\",\"format\":\"gguf\",\"paramSize\":\"360m\",\"quantization\":\"Q8_0\"}}";
        return Write(layout, config, [.. layers.Select(l => l.Descriptor)], null, files);
    }

    private static (JsonObject, string) RawLayer(string type, string path, string content, bool metadata, bool untested)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var annotations = new JsonObject { [FilePath] = path };
        if (metadata)
            annotations["org.cncf.model.file.metadata+json"] =
                $"{{\"name\":\"{Path.GetFileName(path)}\",\"mode\":420,\"uid\":0,\"gid\":0,\"size\":{bytes.Length},\"mtime\":\"2026-11-07T10:11:12.5+08:00\",\"typeflag\":0}}";
        if (untested)
            annotations["org.cncf.model.file.mediatype.untested"] = "false";
        var digest = Blob(bytes);
        return (Descriptor($"application/vnd.cncf.model.{type}.v1.raw", digest, bytes.Length, annotations), digest);
    }

    private static (JsonObject, string) TarLayer(string type, params (string Path, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var dir in entries.Select(e => Path.GetDirectoryName(e.Path)!).Where(d => d.Length > 0).Distinct())
                tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, dir + "/") { Mode = (UnixFileMode)0x1ED });
            foreach (var (path, content) in entries)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { Mode = (UnixFileMode)0x1A4, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }
        var bytes = buffer.ToArray();
        var digest = Blob(bytes);
        return (Descriptor($"application/vnd.cncf.model.{type}.v1.tar", digest, bytes.Length, new JsonObject { [FilePath] = entries[0].Path.Split('/')[0] }), digest);
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size, JsonObject? annotations)
    {
        var d = new JsonObject { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };
        if (annotations is not null) d["annotations"] = annotations;
        return d;
    }

    // Blobs are collected per layout write; a thread-static keeps parallel test classes apart.
    [ThreadStatic] private static Dictionary<string, byte[]>? _blobs;

    private static string Blob(byte[] bytes)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        (_blobs ??= [])[digest] = bytes;
        return digest;
    }

    private static Built Write(string layout, string config, IReadOnlyList<JsonObject> layers, JsonObject? annotations, Dictionary<string, string> files)
    {
        var configBytes = Encoding.UTF8.GetBytes(config);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["artifactType"] = "application/vnd.cncf.model.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.cncf.model.config.v1+json", Blob(configBytes), configBytes.Length, null),
            ["layers"] = new JsonArray([.. layers]),
        };
        if (annotations is not null) manifest["annotations"] = annotations;
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var manifestDigest = Blob(manifestBytes);

        var blobDir = Path.Combine(layout, "blobs", "sha256");
        Directory.CreateDirectory(blobDir);
        foreach (var (digest, bytes) in _blobs!)
            File.WriteAllBytes(Path.Combine(blobDir, digest["sha256:".Length..]), bytes);
        _blobs = null;
        File.WriteAllText(Path.Combine(layout, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        File.WriteAllText(Path.Combine(layout, "index.json"),
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + $"\"digest\":\"{manifestDigest}\",\"size\":{manifestBytes.Length},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"v1\"}}}}]}}");
        var model = layers.First(l => ((string)l["mediaType"]!).StartsWith("application/vnd.cncf.model.weight.v1.", StringComparison.Ordinal));
        return new Built(manifestDigest, files, (string)model["annotations"]![FilePath]!);
    }
}
