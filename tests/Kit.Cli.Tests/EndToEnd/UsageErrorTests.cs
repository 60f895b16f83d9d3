using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// A command line that does not parse gets one [ERROR] line as cobra words it and a pointer to --help, never the whole
/// help; flags behave as with KitOps's flag parser.
/// </summary>
public sealed class UsageErrorTests : KitTestBase
{
    private static string UsageError(KitResult result)
    {
        result.ShouldFail();
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line, got:\n" + result.Stderr);
        Assert.StartsWith("[ERROR] ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Usage:", result.Stderr, StringComparison.Ordinal);
        return lines[0];
    }

    [Theory]
    [InlineData(new[] { "pack", "--bogus" }, "unknown flag: --bogus; run 'kit pack --help' for usage")]
    [InlineData(new[] { "list", "--nope=1" }, "unknown flag: --nope; run 'kit list --help' for usage")]
    [InlineData(new[] { "pack" }, "missing argument DIRECTORY; run 'kit pack --help' for usage")]
    [InlineData(new[] { "pack", ".", "-t" }, "flag needs an argument: -t; run 'kit pack --help' for usage")]
    [InlineData(new[] { "tag", "a", "b", "c" }, "unexpected argument \"c\" (kit tag takes at most 2 arguments); run 'kit tag --help' for usage")]
    [InlineData(new[] { "frobnicate" }, "unknown command \"frobnicate\" for \"kit\"; run 'kit --help' for usage")]
    [InlineData(new[] { "pakc" }, "unknown command \"pakc\" for \"kit\" (did you mean \"pack\"?); run 'kit --help' for usage")]
    [InlineData(new[] { "cache", "clean" }, "unknown command \"clean\" for \"kit cache\" (did you mean \"clear\"?); run 'kit cache --help' for usage")]
    public void Usage_errors_are_one_line_with_a_hint_to_help(string[] args, string expected) =>
        Assert.Equal("[ERROR] " + expected, UsageError(Kit.Run(args)));

    [Theory]
    [InlineData(new string[0], "Commands:")]
    [InlineData(new[] { "cache" }, "clear")]
    public void A_command_without_its_subcommand_prints_its_help(string[] args, string expected)
    {
        var help = Kit.Run(args).ShouldSucceed();
        Assert.Contains(expected, help.Stdout, StringComparison.Ordinal);
        Assert.Equal("", help.Stderr);
    }

    [Fact]
    public void Help_is_still_printed_when_asked_for()
    {
        var help = Kit.Run("pack", "--help").ShouldSucceed();
        Assert.Contains("Usage:", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_single_value_flag_keeps_the_last_value()
    {
        Work.WriteFile("p/Kitfile", "manifestVersion: 1.0.0\npackage:\n  name: pkg\nmodel:\n  path: m\n");
        Work.WriteFile("p/m/w.bin", "w");
        var digest = Pack(Work.Combine("p"), "-t", "first:1", "-t", "second:1");
        Assert.Equal([("second", "1", digest)], ListRows());
        var info = Kit.Run("info", "second:1", "--filter", ".model", "--filter", ".package.name").ShouldSucceed();
        Assert.Equal("pkg", info.Stdout.Trim());
    }
}
