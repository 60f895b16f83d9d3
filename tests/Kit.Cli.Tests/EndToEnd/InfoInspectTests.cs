using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

public sealed class InfoInspectTests : KitTestBase
{
    [Fact]
    public void Inspect_prints_digest_cli_version_kitfile_and_manifest_as_json_on_stdout()
    {
        var d = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "s:1");
        var result = Kit.Run("inspect", "s:1", "--log-level", "error").ShouldSucceed();
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        Assert.Equal(d, root.GetProperty("digest").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("cliVersion").GetString()));
        Assert.Equal("sentiment-demo", root.GetProperty("kitfile").GetProperty("package").GetProperty("name").GetString());
        var manifest = root.GetProperty("manifest");
        Assert.Equal(2, manifest.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", manifest.GetProperty("mediaType").GetString());
        Assert.Equal("application/vnd.kitops.modelkit.manifest.v1+json", manifest.GetProperty("artifactType").GetString());
        Assert.Equal("application/vnd.kitops.modelkit.config.v1+json", manifest.GetProperty("config").GetProperty("mediaType").GetString());
        var types = manifest.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("mediaType").GetString()).ToList();
        Assert.Equal([
            "application/vnd.kitops.modelkit.model.v1.tar",
            "application/vnd.kitops.modelkit.modelpart.v1.tar",
            "application/vnd.kitops.modelkit.code.v1.tar",
            "application/vnd.kitops.modelkit.dataset.v1.tar",
            "application/vnd.kitops.modelkit.docs.v1.tar",
            "application/vnd.kitops.modelkit.docs.v1.tar"], types);
        var model = root.GetProperty("kitfile").GetProperty("model");
        Assert.Equal(manifest.GetProperty("layers")[0].GetProperty("digest").GetString(), model.GetProperty("digest").GetString());
        Assert.Equal(model.GetProperty("digest").GetString(), model.GetProperty("diffId").GetString());

        // inspect by digest works too
        Kit.Run("inspect", "s@" + d).ShouldSucceed();
    }

    [Fact]
    public void Info_prints_yaml_and_filters_every_top_level_field()
    {
        Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "s:1");
        var yaml = Kit.Run("info", "s:1").ShouldSucceed().Stdout;
        Assert.StartsWith("manifestVersion: 1.0.0\n", yaml, StringComparison.Ordinal);
        Assert.Contains("authors: [kit for .NET developers]", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("digest", yaml, StringComparison.Ordinal);

        Assert.Equal("sentiment-demo", Kit.Run("info", "s:1", "--filter", ".package.name").ShouldSucceed().Stdout.Trim());
        Assert.Contains("reviews", Kit.Run("info", "s:1", "--filter", ".datasets").ShouldSucceed().Stdout, StringComparison.Ordinal);
        Assert.Contains("src", Kit.Run("info", "s:1", "-f", ".code").ShouldSucceed().Stdout, StringComparison.Ordinal);
        Assert.Contains("README.md", Kit.Run("info", "s:1", "-f", "docs").ShouldSucceed().Stdout, StringComparison.Ordinal);
        Assert.Contains("vocabulary", Kit.Run("info", "s:1", "-f", ".model.parts").ShouldSucceed().Stdout, StringComparison.Ordinal);
        Assert.Equal("1.0.0", Kit.Run("info", "s:1", "-f", ".manifestVersion").ShouldSucceed().Stdout.Trim());
    }

    [Fact]
    public void List_table_has_the_kitops_columns()
    {
        var d = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "s:1");
        var table = Kit.Run("list").ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^REPOSITORY\s+TAG\s+MAINTAINER\s+NAME\s+SIZE\s+DIGEST$", table[0].TrimEnd());
        Assert.Matches(@"^s\s+1\s+kit for \.NET developers\s+sentiment-demo\s+\d+(\.\d)? KiB\s+" + d + "$", table[1].TrimEnd());
        var json = ListJson().Single();
        Assert.Equal("s", json.GetProperty("repo").GetString());
        Assert.Equal("sentiment-demo", json.GetProperty("modelName").GetString());
        Assert.Equal("kit for .NET developers", json.GetProperty("author").GetString());
    }

    [Fact]
    public void Version_prints_the_version()
    {
        Assert.StartsWith("Version: ", Kit.Run("version").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_nested_deeper_than_64_levels_inspect_and_list()
    {
        // Go reads JSON 10,000 levels deep; System.Text.Json's default stops at 64.
        const int depth = 200;
        Work.WriteFile("deep/Kitfile",
            $"manifestVersion: 1.0.0\npackage:\n  name: deep\nmodel:\n  path: m.bin\n  parameters: {new string('[', depth)}{new string(']', depth)}\n");
        Work.WriteFile("deep/m.bin", "w");
        Pack(Work.Combine("deep"), "-t", "deep:1");

        using var inspect = System.Text.Json.JsonDocument.Parse(Kit.Run("inspect", "deep:1").ShouldSucceed().Stdout,
            new System.Text.Json.JsonDocumentOptions { MaxDepth = 1000 });
        var level = inspect.RootElement.GetProperty("kitfile").GetProperty("model").GetProperty("parameters");
        var levels = 0;
        for (; level.ValueKind == System.Text.Json.JsonValueKind.Array; levels++)
            level = level.GetArrayLength() > 0 ? level[0] : default;
        Assert.Equal(depth, levels);
        Assert.Contains(Kit.Run("list").ShouldSucceed().Stdout.Split('\n'), l => l.StartsWith("deep ", StringComparison.Ordinal) && l.Contains(" deep ", StringComparison.Ordinal));
    }
}
