using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

public sealed class HelpCommandTests : KitTestBase
{
    [Fact]
    public void Help_command_prints_what_command_help_prints()
    {
        var viaHelp = Kit.Run("help", "pack").ShouldSucceed().Stdout;
        Assert.Equal(Kit.Run("pack", "--help").ShouldSucceed().Stdout, viaHelp);
        Assert.Contains("Examples:", viaHelp, StringComparison.Ordinal);
        Assert.Equal(Kit.Run("cache", "clear", "--help").ShouldSucceed().Stdout, Kit.Run("help", "cache", "clear").ShouldSucceed().Stdout);
        Assert.Contains("diff", Kit.Run("help").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_topic_is_one_error_line() =>
        Assert.Equal("[ERROR] Unknown help topic [`nope`]: run 'kit help' for the list of commands",
            Kit.Run("help", "nope").ShouldFail().SingleErrorLine());

    [Fact]
    public void Completion_prints_a_script_for_each_shell()
    {
        Assert.Contains("complete -F _kit_complete kit", Kit.Run("completion", "bash").ShouldSucceed().Stdout, StringComparison.Ordinal);
        Assert.StartsWith("#compdef kit", Kit.Run("completion", "zsh").ShouldSucceed().Stdout, StringComparison.Ordinal);
        Assert.Contains("complete -c kit", Kit.Run("completion", "fish").ShouldSucceed().Stdout, StringComparison.Ordinal);
        Assert.Contains("Register-ArgumentCompleter -Native -CommandName kit", Kit.Run("completion", "powershell").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }
}
