namespace Kit.Cli.Hosting;

/// <summary>
/// Everything one kit invocation sees of the world outside its arguments: environment variables, working
/// directory and standard streams. Commands read these only through here, never through <see cref="Environment"/>,
/// <see cref="Directory.GetCurrentDirectory"/> or <see cref="Console"/>, so many invocations can run in one process
/// (the tests do) without sharing state. <see cref="FromProcess"/> is the real process.
/// </summary>
public sealed class CliHost
{
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required string WorkingDirectory { get; init; }
    public required TextReader In { get; init; }
    public required TextWriter Out { get; init; }
    public required TextWriter Err { get; init; }
    public bool StdinIsTerminal { get; init; }
    public bool StderrIsTerminal { get; init; }

    /// <summary>The terminal's columns and rows as the kernel reports them; null when unknown (then <c>COLUMNS</c> and <c>LINES</c>).</summary>
    public (int Columns, int Rows)? TerminalSize { get; init; }

    /// <summary>Reads a line from the terminal without echoing it (password prompts); null without a terminal.</summary>
    public Func<string>? ReadSecret { get; init; }

    /// <summary>
    /// Whether Ctrl+C and SIGTERM cancel the command (then exit 130). Only the process adapter owns the signals.
    /// </summary>
    public bool HandlesSignals { get; init; }

    /// <summary>The variable's value, or null when unset or empty.</summary>
    public string? Variable(string name) => Environment.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public static CliHost FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = entry.Value as string ?? "";
        return new CliHost
        {
            Environment = environment,
            WorkingDirectory = Directory.GetCurrentDirectory(),
            In = StandardStreams.In(),
            Out = StandardStreams.Writer(1),
            Err = StandardStreams.Writer(2),
            StdinIsTerminal = !Console.IsInputRedirected,
            StderrIsTerminal = !Console.IsErrorRedirected,
            TerminalSize = Console.IsErrorRedirected ? null : Hosting.TerminalSize.Get(),
            ReadSecret = Console.IsInputRedirected ? null : TerminalSecret.ReadLine,
            HandlesSignals = true,
        };
    }
}
