using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

public sealed class GlobalTests : KitTestBase
{
    [Fact]
    public void Config_flag_wins_over_KITOPS_HOME()
    {
        using var other = new TempDir("kit-config-");
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
        Work.WriteFile("ctx/m/w.bin", "w");
        Kit.Run("pack", Work.Combine("ctx"), "-t", "cfg:1", "--config", other.Path).ShouldSucceed();
        Assert.True(File.Exists(Path.Combine(other.Path, "storage", "index.json")));
        Assert.Empty(ListRows());   // KITOPS_HOME's store is untouched
        Assert.Contains("cfg", Kit.Run("list", "--config", other.Path).ShouldSucceed().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_go_to_stderr_and_log_level_filters_them()
    {
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
        Work.WriteFile("ctx/m/w.bin", "w");
        var normal = Kit.Run("pack", Work.Combine("ctx"), "-t", "l:1").ShouldSucceed();
        Assert.Contains("Saved model layer", normal.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Saved model layer", normal.Stdout, StringComparison.Ordinal);

        var quiet = Kit.Run("pack", Work.Combine("ctx"), "-t", "l:2", "--log-level", "error").ShouldSucceed();
        Assert.Equal("", quiet.Stderr);
        Assert.StartsWith("Model saved: sha256:", quiet.Stdout, StringComparison.Ordinal);

        Work.WriteFile("ctx/m/w2.bin", "changed"); // new content: the layer is written again, not reused
        var debug = Kit.Run("pack", Work.Combine("ctx"), "-t", "l:3", "-v").ShouldSucceed();
        Assert.Contains("[DEBUG] ", debug.Stderr, StringComparison.Ordinal);
        Assert.Contains("[INFO ] Saved model layer", debug.Stderr, StringComparison.Ordinal);

        Assert.Contains("invalid log level 'loud'", Kit.Run("list", "--log-level", "loud").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_info_and_clear()
    {
        Assert.Equal("Cache is currently empty\n", Kit.Run("cache", "info").ShouldSucceed().Stdout);
        Home.WriteFile("cache/pack/leftover", new string('x', 2048));
        var info = Kit.Run("cache", "info").ShouldSucceed().Stdout;
        Assert.Contains("Total size of cache directory: 2.0 KiB", info, StringComparison.Ordinal);
        Assert.Contains("./pack", info, StringComparison.Ordinal);
        Kit.Run("cache", "clear").ShouldSucceed();
        Assert.Empty(Directory.GetFileSystemEntries(Home.Combine("cache")));
    }

    [Fact]
    public void Empty_store_lists_a_header_or_an_empty_json_array()
    {
        Assert.Equal("[]", Kit.Run("list", "--format", "json").ShouldSucceed().Stdout.Trim());
        Assert.StartsWith("REPOSITORY", Kit.Run("list").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }
}
