using System.CommandLine;
using Kit.Cli.Commands;

namespace Kit.Cli.Hosting;

/// <summary>The kit CLI as a function: arguments and a <see cref="CliHost"/> in, exit code out.</summary>
public static class KitCommandLine
{
    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        var (rest, verbosity) = VerbosityArgs.Extract(args);
        // A flag that may stand alone takes its value only after '=' (cobra's NoOptDefVal): alone it means "auto".
        rest = [.. rest.Select(a => a == Commands.Unpack.UnpackCommand.AsSkill ? a + "=auto" : a)];
        var root = RootCommandFactory.Create(host, verbosity);
        var config = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Err,
            // Without a timeout System.CommandLine installs no Ctrl+C / SIGTERM handler (process-wide state).
            ProcessTerminationTimeout = host.HandlesSignals ? TimeSpan.FromSeconds(2) : null,
        };
        var parse = root.Parse(rest);
        // "kit" or "kit cache" alone prints that command's help, as cobra does.
        if (parse.CommandResult.Command is { Action: null, Subcommands.Count: > 0 } && parse.UnmatchedTokens.Count == 0)
            parse = root.Parse([.. rest, "--help"]);
        if (!IsHelp(parse) && UsageErrors.Find(parse, rest) is { } usage)
        {
            host.Err.WriteLine("[ERROR] " + Core.Formatting.MessageText.Escape(usage));
            return 1;
        }
        return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsHelp(ParseResult parse) =>
        parse.Tokens.Any(t => t.Type == System.CommandLine.Parsing.TokenType.Option && t.Value is "--help" or "-h" or "-?");

    /// <summary>
    /// Runs kit with the given environment, working directory and stdin, and captures what it prints:
    /// the in-process equivalent of starting the binary.
    /// </summary>
    public static async Task<CliResult> RunCapturedAsync(string[] args, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, string? stdin = null, CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var input = new StringReader(stdin ?? "");
        var host = new CliHost
        {
            Environment = environment,
            WorkingDirectory = workingDirectory,
            In = input,
            Out = TextWriter.Synchronized(stdout),
            Err = TextWriter.Synchronized(stderr),
        };
        var exitCode = await RunAsync(args, host, cancellationToken).ConfigureAwait(false);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>What one captured kit run produced.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);
