namespace Kit.Cli.Output;

/// <summary>
/// Log lines for people. Unlike KitOps (which sends info lines to stdout), every log line goes to stderr,
/// so that stdout carries only data (tables, JSON, YAML, the result line of a command) and can be piped.
/// </summary>
public sealed class ConsoleLog
{
    private readonly TextWriter _err;
    private readonly object _gate = new();
    private Action<string>? _redirect;

    public ConsoleLog(LogLevel level, TextWriter err)
    {
        Level = level;
        _err = err;
    }

    public LogLevel Level { get; }

    public bool IsEnabled(LogLevel level) => level >= Level;

    public void Trace(string message) => Write(LogLevel.Trace, message);
    public void Debug(string message) => Write(LogLevel.Debug, message);
    public void Info(string message) => Write(LogLevel.Info, message);
    public void Warn(string message) => Write(LogLevel.Warn, message);
    public void Error(string message) => Write(LogLevel.Error, message);

    private void Write(LogLevel level, string message)
    {
        if (!IsEnabled(level)) return;
        // Messages quote Kitfile values, paths and registry answers: no control character reaches the terminal.
        var line = Prefix(level) + Capitalize(Core.Formatting.MessageText.Escape(message));
        lock (_gate)
        {
            if (_redirect is { } redirect) redirect(line);
            else _err.WriteLine(line);
        }
    }

    /// <summary>Sends log lines to <paramref name="write"/> (a live display that prints them above itself) until disposed.</summary>
    public IDisposable RedirectTo(Action<string> write)
    {
        lock (_gate) _redirect = write;
        return new Restore(this);
    }

    private sealed class Restore(ConsoleLog log) : IDisposable
    {
        public void Dispose()
        {
            lock (log._gate) log._redirect = null;
        }
    }

    // Same prefixes as KitOps: none for info at the default level, a fixed-width tag otherwise.
    private string Prefix(LogLevel level) => (level, Level) switch
    {
        (LogLevel.Info, LogLevel.Info) => "",
        (LogLevel.Trace, _) => "[TRACE] ",
        (LogLevel.Debug, _) => "[DEBUG] ",
        (LogLevel.Info, _) => "[INFO ] ",
        (LogLevel.Warn, _) => "[WARN ] ",
        _ => "[ERROR] ",
    };

    private static string Capitalize(string s) =>
        s.Length > 0 && char.IsLower(s[0]) ? char.ToUpperInvariant(s[0]) + s[1..] : s;
}
