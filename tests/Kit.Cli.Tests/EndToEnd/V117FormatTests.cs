using System.IO.Compression;
using System.Formats.Tar;
using System.Text;
using Kit.Cli.Tests.Infrastructure;
using Kit.Core.Format;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>KitOps 1.17's Kitfile sections and layer formats through the command line.</summary>
public sealed class V117FormatTests : KitTestBase
{
    private void AgentProject(string kitfileExtra = "")
    {
        Work.WriteFile("ctx/Kitfile", """
            manifestVersion: 1.0.0
            model:
              path: model.gguf
            prompts:
              - name: system
                path: system.prompt.md
            mcpServers:
              - name: files
                path: files.mcpb

            """ + kitfileExtra);
        Work.WriteFile("ctx/model.gguf", "weights");
        Work.WriteFile("ctx/system.prompt.md", "You are helpful.");
        using var zip = ZipFile.Open(Work.Combine("ctx/files.mcpb"), ZipArchiveMode.Create);
        using var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open());
        writer.Write("{}");
    }

    [Fact]
    public void Prompts_and_mcp_servers_pack_and_unpack_by_filter()
    {
        AgentProject();
        var pack = Kit.Run("pack", Work.Combine("ctx"), "-t", "agent:1").ShouldSucceed();
        Assert.Contains("Saved mcpb layer: sha256:", pack.Stderr, StringComparison.Ordinal);

        var unpack = Kit.Run("unpack", "agent:1", "-d", Work.Combine("out"), "--filter", "prompts", "--filter", "mcpservers:files").ShouldSucceed();
        Assert.Contains("Unpacking prompt system to system.prompt.md", unpack.Stderr, StringComparison.Ordinal);
        Assert.Contains("Unpacking MCP server files to files.mcpb", unpack.Stderr, StringComparison.Ordinal);
        Assert.Equal(["files.mcpb", "system.prompt.md"], Directory.GetFiles(Work.Combine("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllBytes(Work.Combine("ctx/files.mcpb")), File.ReadAllBytes(Work.Combine("out/files.mcpb")));

        var info = Kit.Run("info", "agent:1", "--filter", ".mcpServers").ShouldSucceed();
        Assert.Equal("- name: files\n  path: files.mcpb\n", info.Stdout);
    }

    [Fact]
    public void An_unknown_filter_type_lists_the_v1_17_types()
    {
        var result = Kit.Run("unpack", "agent:1", "--filter", "skills").ShouldFail();
        // KitOps's words, the filter as given first.
        Assert.Equal("[ERROR] Invalid filter 'skills': invalid filter type skills (must be one of kitfile, model, datasets, code, prompts, docs, mcpservers)",
            result.SingleErrorLine());
    }
}

/// <summary>KitOps 1.17's load-time Kitfile checks through <c>kit pack</c>.</summary>
public sealed class V117KitfileValidationTests : KitTestBase
{
    [Fact]
    public void An_unrecognized_manifest_version_warns_and_packs()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: '1.0'\ncode:\n  - path: a.py\n");
        Work.WriteFile("ctx/a.py", "print(1)");
        var result = Kit.Run("pack", Work.Combine("ctx")).ShouldSucceed();
        Assert.Contains("Unrecognized manifestVersion 1.0: treating Kitfile as 1.0.0", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_and_url_paths_fail_with_every_problem_listed()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\ncode:\n  - path: https://example.com/a.py\ndatasets:\n  - name: d\n    path: data\n    remotePath: s3://bucket/d\n");
        var result = Kit.Run("pack", Work.Combine("ctx")).ShouldFail();
        Assert.Contains("errors while validating Kitfile", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("invalid path for code (https://example.com/a.py): HTTP urls are not supported in paths (https://example.com/a.py)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("remoteHash is required when remote dataset paths are used (s3://bucket/d)", result.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>Layer media types are parsed strictly, while ModelKits written by older KitOps versions still unpack.</summary>
public sealed class V117MediaTypeTests : KitTestBase
{
    private async Task StoreKitAsync(string tag, string mediaType, string config, string entryName)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entryName) { DataStream = new MemoryStream("w"u8.ToArray()) });
        var store = LocalModelStore.Open(Kit.Storage);
        var layer = await store.Layout.PutBytesAsync(mediaType, tar.ToArray());
        var configDescriptor = await store.Layout.PutBytesAsync(ModelKitMediaTypes.Config,
            Encoding.UTF8.GetBytes(config.Replace("<d>", layer.Digest.ToString(), StringComparison.Ordinal)));
        // A v1.7 manifest: no mediaType, no artifactType, no layer annotations.
        var manifest = await store.Layout.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(configDescriptor, [layer]).ToJsonBytes());
        await store.AddManifestAsync("localhost/old", manifest, [tag]);
    }

    [Fact]
    public async Task Unpack_pairs_layers_with_entries_by_digest_not_by_position()
    {
        var store = LocalModelStore.Open(Kit.Storage);
        async Task<Descriptor> Tar(string name)
        {
            using var tar = new MemoryStream();
            using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(name)) });
            return await store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.dataset.v1.tar", tar.ToArray());
        }
        var train = await Tar("data/train/x.csv");
        var test = await Tar("data/test/x.csv");
        var config = await store.Layout.PutBytesAsync(ModelKitMediaTypes.Config, Encoding.UTF8.GetBytes(
            $"{{\"manifestVersion\":\"1.0.0\",\"package\":{{}},\"datasets\":[{{\"name\":\"train\",\"path\":\"data/train\",\"digest\":\"{train.Digest}\",\"diffId\":\"{train.Digest}\"}},"
            + $"{{\"name\":\"test\",\"path\":\"data/test\",\"digest\":\"{test.Digest}\",\"diffId\":\"{test.Digest}\"}}]}}"));
        // Another tool may order the manifest differently from the Kitfile.
        var manifest = await store.Layout.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(config, [test, train]).ToJsonBytes());
        await store.AddManifestAsync("localhost/order", manifest, ["1"]);

        var result = Kit.Run("unpack", "order:1", "-d", Work.Combine("out"), "--filter", "datasets:train").ShouldSucceed();
        Assert.Contains("Unpacking dataset train to data/train", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["x.csv"], Directory.GetFiles(Work.Combine("out/data/train")).Select(Path.GetFileName));
        Assert.False(Directory.Exists(Work.Combine("out/data/test")));
    }

    [Fact]
    public async Task An_unknown_layer_media_type_fails_unpack_naming_it()
    {
        await StoreKitAsync("1", "application/vnd.kitops.modelkit.weights.v1.tar", "{\"manifestVersion\":\"1.0.0\",\"package\":{},\"model\":{\"path\":\"m\",\"digest\":\"<d>\"}}", "m/w.bin");
        var line = Kit.Run("unpack", "old:1", "-d", Work.Combine("out")).ShouldFail().SingleErrorLine();
        Assert.Matches(@"^\[ERROR\] layer sha256:[0-9a-f]{64}: failed to parse media type: invalid base type weights$", line);
    }

    [Fact]
    public async Task A_kit_packed_before_kitops_0_5_still_unpacks_relative_to_its_layer_parent()
    {
        await StoreKitAsync("2", "application/vnd.kitops.modelkit.model.v1.tar", "{\"manifestVersion\":\"1.0.0\",\"package\":{},\"model\":{\"path\":\"models/w.bin\"}}", "w.bin");
        Kit.Run("unpack", "old:2", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal("w", File.ReadAllText(Work.Combine("out/models/w.bin")));
    }
}

/// <summary><c>kit pack --layer-format</c>.</summary>
public sealed class V117LayerFormatTests : KitTestBase
{
    [Fact]
    public void Raw_layers_pack_and_unpack_and_a_bad_format_is_kitops_error()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: models/w.gguf\n");
        Work.WriteFile("ctx/models/w.gguf", "weights");
        Kit.Run("pack", Work.Combine("ctx"), "-t", "raw:1", "--layer-format", "raw").ShouldSucceed();
        var inspect = Kit.Run("inspect", "raw:1").ShouldSucceed().Stdout;
        Assert.Contains("\"mediaType\": \"application/vnd.kitops.modelkit.model.v1.raw\"", inspect, StringComparison.Ordinal);
        Kit.Run("unpack", "raw:1", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal("weights", File.ReadAllText(Work.Combine("out/models/w.gguf")));

        Assert.Equal("[ERROR] invalid layer format: must be either 'tar' or 'raw'",
            Kit.Run("pack", Work.Combine("ctx"), "--layer-format", "zip").ShouldFail().SingleErrorLine());
    }
}
