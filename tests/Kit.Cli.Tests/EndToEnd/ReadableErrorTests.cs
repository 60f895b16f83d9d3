using System.Text.RegularExpressions;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// Errors people read: sentences naming the path instead of runtime resource keys, advice for the mistakes KitOps
/// users make, control characters escaped, bounded sizes for hostile Kitfiles.
/// </summary>
public sealed partial class ReadableErrorTests : KitTestBase
{
    private string Project(string kitfile = "manifestVersion: 1.0.0\nmodel:\n  path: m\n", string dir = "p")
    {
        Work.WriteFile($"{dir}/Kitfile", kitfile);
        Work.WriteFile($"{dir}/m/w.bin", "w");
        return Work.Combine(dir);
    }

    /// <summary>One [ERROR] line, no resource key such as <c>IO_FileNotFound_FileName</c>, no raw control character.</summary>
    private static string ReadableError(KitResult result)
    {
        var line = result.ShouldFail().SingleErrorLine();
        Assert.DoesNotMatch(ResourceKey(), line);
        Assert.DoesNotContain(result.Stderr, c => char.IsControl(c) && c != '\n');
        return line;
    }

    [Fact]
    public void A_directory_given_as_the_kitfile_is_not_access_denied()
    {
        var project = Project();
        var line = ReadableError(Kit.Run("pack", project, "-f", Path.Combine(project, "m")));
        Assert.Contains($"{Path.Combine(project, "m")} is a directory, not a file", line, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_missing_kitfile_names_the_path()
    {
        var project = Project();
        var missing = Work.Combine("nowhere", "Kitfile");
        Assert.Contains($"cannot read Kitfile: {missing} does not exist", ReadableError(Kit.Run("pack", project, "-f", missing)), StringComparison.Ordinal);
    }

    [Fact]
    public void Packing_the_kitfile_instead_of_its_directory_says_so()
    {
        var project = Project();
        var line = ReadableError(Kit.Run("pack", Path.Combine(project, "Kitfile")));
        Assert.Contains("is a file, not a directory", line, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpacking_into_a_file_says_a_file_is_in_the_way()
    {
        Pack(Project(), "-t", "a:1");
        var file = Work.WriteFile("file", "x");
        Assert.Contains($"{file} already exists and is a file, not a directory", ReadableError(Kit.Run("unpack", "a:1", "-d", file)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://registry.example.com/team/m:1")]
    [InlineData("http://127.0.0.1:5000/m:1")]
    public void A_url_is_not_a_reference_drop_the_scheme(string url)
    {
        var line = ReadableError(Kit.Run("pull", url));
        Assert.Contains("drop \"http", line, StringComparison.Ordinal);
        Assert.Contains(url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..], line, StringComparison.Ordinal);
        Assert.DoesNotContain("port", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Tag_refuses_a_target_with_several_tags_instead_of_dropping_them()
    {
        Pack(Project(), "-t", "a:1");
        Assert.Contains("repo:3,4", ReadableError(Kit.Run("tag", "a:1", "repo:3,4")), StringComparison.Ordinal);
        Assert.DoesNotContain(ListRows(), r => r.Repo == "repo");
    }

    [Fact]
    public void A_kit_home_that_is_a_file_is_an_error_not_an_empty_store()
    {
        var file = Work.WriteFile("home-file", "x");
        var line = ReadableError(Kit.RunWithEnvironment(new Dictionary<string, string?> { ["KITOPS_HOME"] = file }, "list"));
        Assert.Contains($"{file} (from KITOPS_HOME) is a file, not a directory", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Control_characters_from_a_kitfile_are_escaped_in_the_error()
    {
        var project = Project("manifestVersion: 1.0.0\nmodel:\n  path: \"mo\\x1b[2Jdel\\r\\n\"\n");
        var result = Kit.Run("pack", project);
        var line = ReadableError(result);
        Assert.Contains("mo\\x1b[2Jdel\\r\\n", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deeper_than_yaml_v3_allows_is_refused_at_once()
    {
        const int depth = 100_000;
        var project = Project($"manifestVersion: 1.0.0\nmodel:\n  path: m\n  parameters: {new string('[', depth)}{new string(']', depth)}\n");
        Assert.Contains("exceeded max depth of 10000", ReadableError(Kit.Run("pack", project)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_kitfile_is_refused_before_parsing()
    {
        var project = Project("manifestVersion: 1.0.0\nmodel:\n  path: m\n#" + new string('x', 5 * 1024 * 1024) + "\n");
        Assert.Contains("larger than 4 MiB", ReadableError(Kit.Run("pack", project)), StringComparison.Ordinal);
    }

    [Fact]
    public void Thousands_of_validation_problems_print_a_bounded_error()
    {
        var codes = string.Concat(Enumerable.Range(0, 3000).Select(_ => "  - path: m\n"));
        var result = Kit.Run("pack", Project("manifestVersion: 1.0.0\nmodel:\n  path: m\ncode:\n" + codes)).ShouldFail();
        Assert.Contains("errors while validating Kitfile", result.SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("more", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Stderr.Length < 20_000, $"{result.Stderr.Length} characters of error output");
    }

    [Fact]
    public void A_layer_path_through_a_symlink_out_of_the_context_is_an_error()
    {
        var outside = Work.WriteFile("outside/secret.bin", "s");
        var project = Project("manifestVersion: 1.0.0\nmodel:\n  path: m\ndatasets:\n  - path: data/secret.bin\n");
        File.CreateSymbolicLink(Work.Combine("p", "data"), Path.GetDirectoryName(outside)!);
        var line = ReadableError(Kit.Run("pack", project));
        Assert.Contains("data/secret.bin", line, StringComparison.Ordinal);
        Assert.Contains("outside the context directory", line, StringComparison.Ordinal);
        Assert.Empty(ListRows());
    }

    // The runtime's and System.CommandLine's resource keys, as Native AOT prints them.
    [GeneratedRegex(@"\b(IO|UnauthorizedAccess|Arg|Argument|net|Net|InvalidOperation|NotSupported|ObjectDisposed|Required|Unrecognized)_?[A-Z][A-Za-z]*_[A-Za-z_]+")]
    private static partial Regex ResourceKey();
}
