using System.CommandLine;
using Kit.Cli.Commands;
using Kit.Cli.Output;

namespace Kit.Cli;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, CliConsole.FromProcess());

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        var (rest, verbosity) = VerbosityArgs.Extract(args);
        var root = RootCommandFactory.Create(console, verbosity);
        var config = new InvocationConfiguration { Output = console.Out, Error = console.Err };
        return await root.Parse(rest).InvokeAsync(config).ConfigureAwait(false);
    }
}
