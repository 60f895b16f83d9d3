using Kit.Cli.Hosting;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

public sealed class InitCommandTests : KitTestBase
{
    private string Project()
    {
        Work.WriteFile("proj/model.gguf", "weights");
        Work.WriteFile("proj/README.md", "# readme");
        Work.WriteFile("proj/data/train.csv", "a,b");
        return Work.Combine("proj");
    }

    [Fact]
    public void Writes_the_kitfile_prints_it_and_where_it_went_and_the_result_packs_and_unpacks()
    {
        var dir = Project();
        var result = Kit.Run("init", dir, "--name", "demo", "--author", "Jane").ShouldSucceed();
        var kitfile = Path.Combine(dir, "Kitfile");
        const string expected = """
            manifestVersion: 1.0.0
            package:
              name: demo
              authors: [Jane]
            model:
              name: model
              path: model.gguf
            datasets:
              - path: data/
            docs:
              - path: README.md
                description: Readme file

            """;
        Assert.Equal(expected, File.ReadAllText(kitfile));
        Assert.Equal($"Generated Kitfile:\n\n{expected}Saved to path '{kitfile}'\n", result.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            File.GetUnixFileMode(kitfile) & ~(UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));

        Pack(dir, "-t", "demo:1");
        Kit.Run("unpack", "demo:1", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(["Kitfile", "README.md", "data/train.csv", "model.gguf"], FilesUnder(Work.Combine("out")));
    }

    [Fact]
    public void Output_dash_prints_only_the_kitfile_and_writes_nothing()
    {
        var dir = Project();
        var result = Kit.Run("init", dir, "-o", "-", "--name", "demo").ShouldSucceed();
        Assert.StartsWith("manifestVersion: 1.0.0\npackage:\n  name: demo\n", result.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "Kitfile")));
    }

    [Fact]
    public void Output_path_is_relative_to_the_working_directory()
    {
        var dir = Project();
        Kit.RunIn(Work.Path, null, "init", "proj", "-o", "deploy.Kitfile").ShouldSucceed();
        Assert.True(File.Exists(Work.Combine("deploy.Kitfile")));
        Assert.False(File.Exists(Path.Combine(dir, "Kitfile")));
    }

    [Fact]
    public void Existing_kitfile_is_kept_without_force_and_replaced_with_it()
    {
        var dir = Project();
        var kitfile = Work.WriteFile("proj/Kitfile", "manifestVersion: 1.0.0\n");
        var error = Kit.Run("init", dir).ShouldFail().SingleErrorLine();
        Assert.Equal($"[ERROR] Kitfile already exists at {kitfile}. Use '--force' to overwrite", error);
        Assert.Equal("manifestVersion: 1.0.0\n", File.ReadAllText(kitfile));

        Kit.Run("init", dir, "--force").ShouldSucceed();
        Assert.Contains("model.gguf", File.ReadAllText(kitfile), StringComparison.Ordinal);
        Assert.Equal(["Kitfile", "README.md", "data/train.csv", "model.gguf"], FilesUnder(dir));
    }

    [Theory]
    [InlineData("--ref", "v1", "[ERROR] Invalid arguments: --ref requires --remote")]
    [InlineData("--token", "hf_x", "[ERROR] Invalid arguments: --token requires --remote")]
    public void Remote_flags_need_remote(string flag, string value, string error) =>
        Assert.Equal(error, Kit.Run("init", Project(), flag, value).ShouldFail().SingleErrorLine());

    [Fact]
    public void Missing_directory_is_one_error_line() =>
        Assert.StartsWith("[ERROR] Error processing directory: ", Kit.Run("init", Work.Combine("nope")).ShouldFail().SingleErrorLine(), StringComparison.Ordinal);

    [Fact]
    public void Without_a_terminal_nothing_is_asked()
    {
        var dir = Project();
        var result = Kit.RunIn(null, "ignored\n", "init", dir).ShouldSucceed();
        Assert.DoesNotContain("Enter", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("package:", File.ReadAllText(Path.Combine(dir, "Kitfile")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_terminal_missing_values_are_asked_for()
    {
        var dir = Project();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var host = new CliHost
        {
            Environment = Kit.Environment(),
            WorkingDirectory = Work.Path,
            In = new StringReader("My kit\nJane Doe\n"),
            Out = stdout,
            Err = stderr,
            StdinIsTerminal = true,
        };
        Assert.Equal(0, await KitCommandLine.RunAsync(["init", dir, "--desc", "given"], host));
        Assert.Equal("Enter a name for the ModelKit: Enter an author for the ModelKit: ", stderr.ToString());
        Assert.Contains("package:\n  name: My kit\n  description: given\n  authors: [Jane Doe]\n", File.ReadAllText(Path.Combine(dir, "Kitfile")),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Root_skill_directory_packs_as_one_entry()
    {
        Work.WriteFile("skill/SKILL.md", "---\nname: pdf-tools\ndescription: Fill PDF forms\n---\n# PDF tools\n");
        Work.WriteFile("skill/scripts/fill.py", "print(1)\n");
        var dir = Work.Combine("skill");
        Kit.Run("init", dir).ShouldSucceed();
        Assert.Equal("""
            manifestVersion: 1.0.0
            package:
              name: pdf-tools
              description: Fill PDF forms
            prompts:
              - name: pdf-tools
                path: .
                description: Fill PDF forms

            """, File.ReadAllText(Path.Combine(dir, "Kitfile")));
        Pack(dir, "-t", "pdf-tools:1");
    }

    [Fact]
    public void Help_shows_examples()
    {
        var help = Kit.Run("init", "--help").ShouldSucceed().Stdout;
        Assert.Contains("--depth", help, StringComparison.Ordinal);
        Assert.Contains("Examples:", help, StringComparison.Ordinal);
        Assert.Contains("kit init ./my-model --depth -1 -o -", help, StringComparison.Ordinal);
    }
}
