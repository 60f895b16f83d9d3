using System.CommandLine;
using Kit.Cli.Hosting;
using Kit.Cli.Output;
using Kit.Core.Configuration;

namespace Kit.Cli.Commands;

/// <summary>What a command handler needs: resolved global options and the <see cref="CliHost"/> it runs in.</summary>
public sealed class CliContext
{
    public required KitHome Home { get; init; }
    public required ConsoleLog Log { get; init; }
    public required ProgressMode Progress { get; init; }
    public required CliHost Host { get; init; }

    public TextWriter Out => Host.Out;
    public TextWriter Err => Host.Err;
    public TextReader In => Host.In;
    public string WorkingDirectory => Host.WorkingDirectory;

    /// <summary>An environment variable of the host (null when unset or empty).</summary>
    public string? Variable(string name) => Host.Variable(name);

    public static CliContext Create(ParseResult parse, GlobalOptions global, CliHost host, int verbosity)
    {
        var level = GlobalOptions.ParseLogLevel(parse.GetValue(global.LogLevel) ?? "info");
        if (verbosity == 1) level = LogLevel.Debug;
        else if (verbosity >= 2) level = LogLevel.Trace;
        var progress = verbosity >= 3 ? ProgressMode.None : GlobalOptions.ParseProgress(parse.GetValue(global.Progress) ?? "plain");
        return new CliContext
        {
            // A relative --config is relative to this invocation's working directory, not the process's.
            Home = KitHome.Resolve(parse.GetValue(global.Config) is { Length: > 0 } config ? Path.GetFullPath(config, host.WorkingDirectory) : null,
                host.Variable),
            Log = new ConsoleLog(level, host.Err),
            Progress = progress,
            Host = host,
        };
    }
}
