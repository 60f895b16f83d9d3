using System.CommandLine;
using Kit.Cli.Output;

namespace Kit.Cli.Commands;

/// <summary>Options every command accepts.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "Alternate path to the kit home directory (default $KITOPS_HOME or $XDG_DATA_HOME/kitops)",
        Recursive = true,
    };

    public Option<string> LogLevel { get; } = new("--log-level")
    {
        Description = "Log level: trace, debug, info, warn, error",
        DefaultValueFactory = _ => "info",
        Recursive = true,
    };

    public Option<string> Progress { get; } = new("--progress")
    {
        Description = "Progress bars: none, plain, fancy",
        DefaultValueFactory = _ => "plain",
        Recursive = true,
    };

    /// <summary>
    /// -v/-vv/-vvv are counted before parsing (System.CommandLine has no counting flag); this option
    /// exists only so that help lists it.
    /// </summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Increase verbosity (-v debug, -vv trace, -vvv trace without progress bars)",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        // Values for shell completion only: parsing keeps its own messages for a wrong value.
        LogLevel.CompletionSources.Add("trace", "debug", "info", "warn", "error");
        Progress.CompletionSources.Add("none", "plain", "fancy");
        root.Options.Add(Config);
        root.Options.Add(LogLevel);
        root.Options.Add(Progress);
        root.Options.Add(Verbose);
    }

    public static LogLevel ParseLogLevel(string value) => value switch
    {
        "trace" => Output.LogLevel.Trace,
        "debug" => Output.LogLevel.Debug,
        "info" => Output.LogLevel.Info,
        "warn" => Output.LogLevel.Warn,
        "error" => Output.LogLevel.Error,
        _ => throw new Core.KitException($"invalid log level '{value}'. Options are 'trace', 'debug', 'info', 'warn', 'error'"),
    };

    public static ProgressMode ParseProgress(string value) => value switch
    {
        "none" or "false" => ProgressMode.None,
        "fancy" => ProgressMode.Fancy,
        _ => ProgressMode.Plain,
    };
}
