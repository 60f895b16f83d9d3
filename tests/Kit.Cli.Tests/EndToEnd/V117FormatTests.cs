using System.IO.Compression;
using Kit.Cli.Tests.Infrastructure;

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
        Assert.Contains("invalid filter type skills (must be one of kitfile, model, datasets, code, prompts, docs, mcpservers)", result.Stderr, StringComparison.Ordinal);
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
