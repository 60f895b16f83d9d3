using Kit.Cli.Hosting;

namespace Kit.Cli;

/// <summary>The process adapter: the real environment, working directory, console and signals.</summary>
public static class Program
{
    public static Task<int> Main(string[] args) => KitCommandLine.RunAsync(args, CliHost.FromProcess());
}
