using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>KitOps 1.17: a reference without tag or digest uses <c>latest</c>, and the command says so on stderr.</summary>
public sealed class MissingTagTests : KitTestBase
{
    [Fact]
    public void Each_command_names_the_latest_default()
    {
        var context = Path.Combine(RepoPaths.Examples, "sentiment");
        var pack = Kit.Run("pack", context, "-t", "sentiment").ShouldSucceed();
        Assert.Contains("No tag or digest specified with --tag flag. Using 'latest' as default ('sentiment:latest')", pack.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("No tag", Kit.Run("pack", context, "-t", "sentiment:1").ShouldSucceed().Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("No tag", Kit.Run("pack", context).ShouldSucceed().Stderr, StringComparison.Ordinal); // untagged, no default

        var unpack = Kit.Run("unpack", "sentiment", "-d", Work.Combine("out"), "--filter", "kitfile").ShouldSucceed();
        Assert.Contains("No tag specified for unpack. Using 'latest' as default ('sentiment:latest')", unpack.Stderr, StringComparison.Ordinal);
        Assert.Contains("No tag specified for info. Using 'latest' as default ('sentiment:latest')", Kit.Run("info", "sentiment").ShouldSucceed().Stderr, StringComparison.Ordinal);
        Assert.Contains("No tag specified for inspect.", Kit.Run("inspect", "sentiment").ShouldSucceed().Stderr, StringComparison.Ordinal);
        var tag = Kit.Run("tag", "sentiment", "copy").ShouldSucceed();
        Assert.Contains("No tag specified for tag. Using 'latest' as default ('sentiment:latest')", tag.Stderr, StringComparison.Ordinal);
        Assert.Contains("No tag specified for tag target. Using 'latest' as default ('copy:latest')", tag.Stderr, StringComparison.Ordinal);
        Assert.Contains("No tag specified for remove. Using 'latest' as default ('copy:latest')", Kit.Run("remove", "copy").ShouldSucceed().Stderr, StringComparison.Ordinal);
        var pull = Kit.Run("pull", "example.invalid/org/m", "--plain-http").ShouldFail();
        Assert.Contains("No tag specified for pull. Using 'latest' as default ('example.invalid/org/m:latest')", pull.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("No tag", Kit.Run("info", "sentiment:latest").ShouldSucceed().Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("No tag", Kit.Run("remove", "--all").ShouldSucceed().Stderr, StringComparison.Ordinal);
    }
}
