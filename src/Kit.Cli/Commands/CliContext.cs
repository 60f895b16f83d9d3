using System.CommandLine;
using Kit.Cli.Output;
using Kit.Core.Configuration;

namespace Kit.Cli.Commands;

/// <summary>What a command handler needs from the process: resolved global options and the console.</summary>
public sealed class CliContext
{
    public required KitHome Home { get; init; }
    public required ConsoleLog Log { get; init; }
    public required ProgressMode Progress { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Err { get; init; }
    public required TextReader In { get; init; }
    public required bool StdinIsTerminal { get; init; }
    public required bool StderrIsTerminal { get; init; }
    public required string WorkingDirectory { get; init; }

    public static CliContext Create(ParseResult parse, GlobalOptions global, CliConsole console, int verbosity)
    {
        var level = GlobalOptions.ParseLogLevel(parse.GetValue(global.LogLevel) ?? "info");
        if (verbosity == 1) level = LogLevel.Debug;
        else if (verbosity >= 2) level = LogLevel.Trace;
        var progress = verbosity >= 3 ? ProgressMode.None : GlobalOptions.ParseProgress(parse.GetValue(global.Progress) ?? "plain");
        return new CliContext
        {
            Home = KitHome.Resolve(parse.GetValue(global.Config), Environment.GetEnvironmentVariable),
            Log = new ConsoleLog(level, console.Err),
            Progress = progress,
            Out = console.Out,
            Err = console.Err,
            In = console.In,
            StdinIsTerminal = console.StdinIsTerminal,
            StderrIsTerminal = console.StderrIsTerminal,
            WorkingDirectory = Directory.GetCurrentDirectory(),
        };
    }
}
