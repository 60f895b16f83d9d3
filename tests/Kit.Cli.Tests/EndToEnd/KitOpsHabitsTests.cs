using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>What scripts written for KitOps rely on: where -f is looked up, the lines a re-pack prints, how unpack treats conflicts and filters.</summary>
public sealed class KitOpsHabitsTests : KitTestBase
{
    private const string Kitfile = "manifestVersion: 1.0.0\nmodel:\n  path: m\ndocs:\n  - path: README.md\n  - path: docs/guide.md\n";

    private string Project()
    {
        Work.WriteFile("p/Kitfile", Kitfile);
        Work.WriteFile("p/m/w.bin", "w");
        Work.WriteFile("p/README.md", "readme");
        Work.WriteFile("p/docs/guide.md", "guide");
        return Work.Combine("p");
    }

    [Fact]
    public void A_relative_kitfile_missing_in_the_working_directory_is_taken_from_the_context()
    {
        var project = Project();
        Work.WriteFile("p/deploy/Kitfile.prod", "manifestVersion: 1.0.0\npackage:\n  name: from-context\nmodel:\n  path: m\n");
        Directory.CreateDirectory(Work.Combine("elsewhere"));
        var result = Kit.RunIn(Work.Combine("elsewhere"), null, "pack", project, "-f", "deploy/Kitfile.prod", "-t", "ctx:1", "-v").ShouldSucceed();
        Assert.Contains("relative to the context directory", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("name: from-context", Kit.Run("info", "ctx:1").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_kitfile_in_the_working_directory_wins()
    {
        var project = Project();
        Work.WriteFile("p/k.yaml", "manifestVersion: 1.0.0\npackage:\n  name: from-context\nmodel:\n  path: m\n");
        Work.WriteFile("cwd/k.yaml", "manifestVersion: 1.0.0\npackage:\n  name: from-cwd\nmodel:\n  path: m\n");
        var result = Kit.RunIn(Work.Combine("cwd"), null, "pack", project, "-f", "k.yaml", "-t", "cwd:1", "-v").ShouldSucceed();
        Assert.Contains("relative to the working directory", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("name: from-cwd", Kit.Run("info", "cwd:1").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Repacking_unchanged_content_prints_kitops_already_saved_lines()
    {
        var project = Project();
        // A fixed creation time, so the second manifest is byte for byte the first.
        var epoch = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" };
        var first = Kit.RunWithEnvironment(epoch, "pack", project, "-t", "a:1").ShouldSucceed();
        Assert.Contains("Saved model layer: sha256:", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("Saved configuration: sha256:", first.Stderr, StringComparison.Ordinal);
        Assert.Contains("Saved manifest to storage: sha256:", first.Stderr, StringComparison.Ordinal);
        var again = Kit.RunWithEnvironment(epoch, "pack", project, "-t", "a:2").ShouldSucceed();
        Assert.Contains("Already saved model layer: sha256:", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("Already saved docs layer: sha256:", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("Configuration already exists in storage: sha256:", again.Stderr, StringComparison.Ordinal);
        Assert.Contains("Manifest already exists in storage: sha256:", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Saved model layer", again.Stderr.Replace("Already saved", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Unpack_checks_every_conflict_before_writing_anything()
    {
        Pack(Project(), "-t", "a:1");
        // Only the last layer (docs/guide.md) conflicts: nothing of the earlier layers may appear.
        var output = Work.Combine("out");
        Work.WriteFile("out/docs/guide.md", "mine");
        var line = Kit.Run("unpack", "a:1", "-d", output).ShouldFail().SingleErrorLine();
        Assert.Contains(Path.Combine(output, "docs", "guide.md"), line, StringComparison.Ordinal);
        Assert.Equal(["docs/guide.md"], FilesUnder(output));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "docs", "guide.md")));
    }

    [Fact]
    public void A_filter_that_matches_nothing_is_a_warning()
    {
        Pack(Project(), "-t", "a:1");
        var result = Kit.Run("unpack", "a:1", "-d", Work.Combine("out"), "--filter", "docs:nothing.md", "--filter", "model").ShouldSucceed();
        Assert.Contains("[WARN ] Filter --filter=docs:nothing.md matches nothing in the modelkit", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--filter=model", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_paths_are_compared_after_cleaning()
    {
        Pack(Project(), "-t", "a:1");
        Kit.Run("unpack", "a:1", "-d", Work.Combine("out"), "--filter=docs:./README.md").ShouldSucceed();
        Assert.Equal(["README.md"], FilesUnder(Work.Combine("out")));
    }

    [Fact]
    public void Version_prints_kitops_fields_with_the_runtime_under_its_own_label()
    {
        var lines = Kit.Run("version").ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Version: ", "Commit: ", "Built: ", ".NET version: "], lines.Select(l => l[..(l.IndexOf(": ", StringComparison.Ordinal) + 2)]));
    }

    [Fact]
    public void The_cli_version_annotation_names_kit_for_dotnet()
    {
        Pack(Project(), "-t", "a:1");
        var version = Kit.Run("version").ShouldSucceed().Stdout.Split('\n')[0]["Version: ".Length..];
        using var inspect = System.Text.Json.JsonDocument.Parse(Kit.Run("inspect", "a:1").ShouldSucceed().Stdout);
        Assert.Equal("kit-dotnet/" + version, inspect.RootElement.GetProperty("cliVersion").GetString());
        Assert.Equal("kit-dotnet/" + version,
            inspect.RootElement.GetProperty("manifest").GetProperty("annotations").GetProperty("ml.kitops.modelkit.cli-version").GetString());
    }

    [Fact]
    public void Info_filter_prints_a_list_alone_as_a_block_list()
    {
        Work.WriteFile("a/Kitfile", "manifestVersion: 1.0.0\npackage:\n  authors: [alice, bob]\nmodel:\n  path: m\n");
        Work.WriteFile("a/m/w.bin", "w");
        Pack(Work.Combine("a"), "-t", "a:1");
        Assert.Equal("- alice\n- bob\n", Kit.Run("info", "a:1", "--filter", ".package.authors").ShouldSucceed().Stdout);
        Assert.Contains("authors: [alice, bob]", Kit.Run("info", "a:1").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }
}
