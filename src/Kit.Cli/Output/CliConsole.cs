namespace Kit.Cli.Output;

/// <summary>The process's standard streams, replaceable in tests.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Err, TextReader In, bool StdinIsTerminal, bool StderrIsTerminal)
{
    public static CliConsole FromProcess() => new(
        Console.Out, Console.Error, Console.In,
        !Console.IsInputRedirected, !Console.IsErrorRedirected);
}
