using System.CommandLine;
using Kit.Cli.Commands.Cache;
using Kit.Cli.Commands.Version;
using Kit.Cli.Output;

namespace Kit.Cli.Commands;

public static class RootCommandFactory
{
    public static RootCommand Create(CliConsole console, int verbosity)
    {
        var global = new GlobalOptions();
        var handler = new CommandHandler(global, console, verbosity);
        var root = new RootCommand("kit: pack, store, share and unpack ModelKits (KitOps-compatible)");
        global.AddTo(root);
        root.Subcommands.Add(VersionCommand.Create(handler));
        root.Subcommands.Add(CacheCommand.Create(handler));
        return root;
    }
}
