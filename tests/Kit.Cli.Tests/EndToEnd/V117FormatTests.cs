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
