using System.IO.Compression;
using System.Text;
using Kit.Core.Client;
using Kit.Core.Format;
using Kit.Core.Packing;
using Kit.Oci;
using Kit.TestSupport;

namespace Kit.Core.Tests.Packing;

/// <summary>Prompts, MCP bundles and remote datasets through pack and unpack, as KitOps 1.17 stores them.</summary>
public sealed class PromptAndMcpLayerTests : IAsyncLifetime
{
    private readonly TempTree _tmp = new();

    /// <summary>Holds the remote dataset, which pack checks.</summary>
    private readonly FakeS3 _s3 = new();

    public PromptAndMcpLayerTests() => _s3.Put("bucket/data.parquet", "rows", etag: "\"etag\"");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        _tmp.Dispose();
    }

    private string? S3Variable(string name) => _s3.Environment().GetValueOrDefault(name);

    private const string Kitfile = """
        manifestVersion: 1.0.0
        model:
          path: model.gguf
        datasets:
          - name: remote
            path: data/remote
            remotePath: s3://bucket/data.parquet
            remoteHash: etag
        docs:
          - path: README.md
        prompts:
          - name: system
            path: system.prompt.md
        mcpServers:
          - name: files
            path: files.mcpb

        """;

    /// <summary>A valid MCP bundle: a ZIP with manifest.json at its root.</summary>
    internal static byte[] Bundle(string manifestName = "manifest.json")
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(zip.CreateEntry(manifestName).Open());
            entry.Write("{\"name\":\"files\"}");
        }
        return buffer.ToArray();
    }

    private void Project()
    {
        _tmp.File("ctx/model.gguf", "weights").File("ctx/README.md", "# readme").File("ctx/system.prompt.md", "You are helpful.");
        File.WriteAllBytes(_tmp.PathOf("ctx/files.mcpb"), Bundle());
    }

    [Fact]
    public async Task Prompts_are_code_layers_with_the_prompt_subtype_and_bundles_are_raw_mcpb_layers_after_them()
    {
        Project();
        var (manifest, config, _) = await TestPack.PackAsync(_tmp.PathOf("ctx"), _tmp.PathOf("store"), Kitfile, "agent:1", environment: S3Variable);

        Assert.Equal(
            ["application/vnd.kitops.modelkit.model.v1.tar", "application/vnd.kitops.modelkit.docs.v1.tar",
             "application/vnd.kitops.modelkit.code.v1.tar", "application/vnd.kitops.modelkit.mcpb.v1.raw"],
            manifest.Layers.Select(l => l.MediaType));
        var prompt = manifest.Layers[2];
        Assert.Equal(new Dictionary<string, string> { ["ml.kitops.modelkit.layer-subtype"] = "prompt", ["org.cncf.model.filepath"] = "system.prompt.md" },
            prompt.Annotations);
        var bundle = manifest.Layers[3];
        Assert.Equal(Digest.Compute(File.ReadAllBytes(_tmp.PathOf("ctx/files.mcpb"))), bundle.Digest);
        Assert.Equal("files.mcpb", bundle.Annotations![ModelKitAnnotations.FilePath]);
        Assert.StartsWith("{\"name\":\"files.mcpb\",\"mode\":420,\"uid\":0,\"gid\":0,\"size\":", bundle.Annotations[RawFileMetadata.Annotation], StringComparison.Ordinal);

        // The remote dataset is in the config, without a layer, after pack checked the object with its ETag.
        Assert.Contains(_s3.Requests, r => (r.Method, r.Path, r.Headers.GetValueOrDefault("If-Match")) == ("HEAD", "/bucket/data.parquet", "etag"));
        var remote = Assert.Single(config.Datasets);
        Assert.Equal(("s3://bucket/data.parquet", "etag"), (remote.RemotePath, remote.RemoteHash));
        Assert.Null(remote.Digest);
        Assert.Equal(prompt.Digest, config.Prompts[0].Digest);
        Assert.Equal((bundle.Digest, bundle.Digest), (config.McpServers[0].Digest!.Value, config.McpServers[0].DiffId!.Value));
    }

    [Fact]
    public async Task A_bundle_is_never_compressed_while_the_prompt_follows_the_compression()
    {
        Project();
        var (manifest, _, _) = await TestPack.PackAsync(_tmp.PathOf("ctx"), _tmp.PathOf("store"), Kitfile, "agent:1", compression: LayerCompression.Gzip, environment: S3Variable);
        Assert.Equal(["application/vnd.kitops.modelkit.code.v1.tar+gzip", "application/vnd.kitops.modelkit.mcpb.v1.raw"],
            manifest.Layers.Skip(2).Select(l => l.MediaType));
    }

    [Theory]
    [InlineData("not a zip", "invalid MCP bundle for mcpServer files: MCP bundle files.mcpb is not a valid ZIP archive: ")]
    [InlineData("", "invalid MCP bundle for mcpServer files: MCP bundle files.mcpb does not contain a manifest.json at its root")]
    [InlineData("dir", "invalid MCP bundle for mcpServer files: MCP bundle path files.mcpb must be a single .mcpb file")]
    public async Task A_bundle_that_is_not_a_zip_with_a_root_manifest_is_refused(string content, string error)
    {
        Project();
        File.Delete(_tmp.PathOf("ctx/files.mcpb"));
        if (content == "dir") _tmp.Dir("ctx/files.mcpb");
        else if (content.Length == 0) File.WriteAllBytes(_tmp.PathOf("ctx/files.mcpb"), Bundle("sub/manifest.json"));
        else _tmp.File("ctx/files.mcpb", content);

        var e = await Assert.ThrowsAsync<PackingException>(() => TestPack.PackAsync(_tmp.PathOf("ctx"), _tmp.PathOf("store"), Kitfile, "agent:1", environment: S3Variable));
        Assert.StartsWith(error, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unpack_writes_the_prompt_and_the_bundle_and_filters_select_them()
    {
        Project();
        var home = _tmp.PathOf("home");
        var messages = new List<string>();
        using var client = new KitClient(new KitClientOptions { Home = home, Environment = S3Variable, Messages = new SyncProgress(m => messages.Add(m.Text)) });
        _tmp.File("ctx/Kitfile", Kitfile);
        await client.PackAsync(_tmp.PathOf("ctx"), new PackOptions { Tag = "agent:1" });

        await client.UnpackAsync("agent:1", _tmp.PathOf("all"));
        Assert.Equal("You are helpful.", File.ReadAllText(_tmp.PathOf("all/system.prompt.md")));
        Assert.Equal(File.ReadAllBytes(_tmp.PathOf("ctx/files.mcpb")), File.ReadAllBytes(_tmp.PathOf("all/files.mcpb")));
        Assert.False(Directory.Exists(_tmp.PathOf("all/data")));
        Assert.Contains("ModelKit contains remote datasets. To unpack, specify the --include-remote flag", messages);

        await client.UnpackAsync("agent:1", _tmp.PathOf("prompts"), new UnpackOptions { Filters = ["prompts"] });
        Assert.Equal(["system.prompt.md"], Directory.EnumerateFileSystemEntries(_tmp.PathOf("prompts")).Select(Path.GetFileName));

        await client.UnpackAsync("agent:1", _tmp.PathOf("mcp"), new UnpackOptions { Filters = ["mcpservers:files"] });
        Assert.Equal(["files.mcpb"], Directory.EnumerateFileSystemEntries(_tmp.PathOf("mcp")).Select(Path.GetFileName));

        // Code does not cover prompts, although they share a media type.
        await client.UnpackAsync("agent:1", _tmp.PathOf("code"), new UnpackOptions { Filters = ["code,docs"] });
        Assert.Equal(["README.md"], Directory.EnumerateFileSystemEntries(_tmp.PathOf("code")).Select(Path.GetFileName));
    }

    private sealed class SyncProgress(Action<KitMessage> report) : IProgress<KitMessage>
    {
        public void Report(KitMessage value) => report(value);
    }
}
