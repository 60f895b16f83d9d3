using System.CommandLine;
using Kit.Cli.Commands.Cache;
using Kit.Cli.Commands.Completion;
using Kit.Cli.Commands.Diff;
using Kit.Cli.Commands.Help;
using Kit.Cli.Commands.Import;
using Kit.Cli.Commands.Info;
using Kit.Cli.Commands.Init;
using Kit.Cli.Commands.Inspect;
using Kit.Cli.Commands.List;
using Kit.Cli.Commands.Login;
using Kit.Cli.Commands.Pack;
using Kit.Cli.Commands.Pull;
using Kit.Cli.Commands.Push;
using Kit.Cli.Commands.Remove;
using Kit.Cli.Commands.Skill;
using Kit.Cli.Commands.Storage;
using Kit.Cli.Commands.Tag;
using Kit.Cli.Commands.Unpack;
using Kit.Cli.Commands.Version;
using Kit.Cli.Hosting;
using Kit.Cli.Output;

namespace Kit.Cli.Commands;

public static class RootCommandFactory
{
    public static RootCommand Create(CliHost host, int verbosity)
    {
        var global = new GlobalOptions();
        var handler = new CommandHandler(global, host, verbosity);
        var root = new RootCommand("kit: pack, store, share and unpack ModelKits (KitOps-compatible)");
        global.AddTo(root);
        root.Subcommands.Add(PackCommand.Create(handler));
        root.Subcommands.Add(UnpackCommand.Create(handler));
        root.Subcommands.Add(PushCommand.Create(handler));
        root.Subcommands.Add(PullCommand.Create(handler));
        root.Subcommands.Add(ListCommand.Create(handler));
        root.Subcommands.Add(InspectCommand.Create(handler));
        root.Subcommands.Add(InfoCommand.Create(handler));
        root.Subcommands.Add(TagCommand.Create(handler));
        root.Subcommands.Add(RemoveCommand.Create(handler));
        root.Subcommands.Add(LoginCommand.Create(handler));
        root.Subcommands.Add(LogoutCommand.Create(handler));
        root.Subcommands.Add(VersionCommand.Create(handler));
        root.Subcommands.Add(CacheCommand.Create(handler));
        root.Subcommands.Add(StorageCommand.Create(handler));
        root.Subcommands.Add(InitCommand.Create(handler));
        root.Subcommands.Add(ImportCommand.Create(handler));
        root.Subcommands.Add(DiffCommand.Create(handler));
        root.Subcommands.Add(SkillCommand.Create(handler));
        root.Subcommands.Add(Index.IndexCommand.Create(handler));
        root.Subcommands.Add(CompletionCommand.Create(handler));
        root.Subcommands.Add(HelpCommand.Create(handler, root));
        root.Subcommands.Add(CompletionCommand.CreateHidden(handler, root));
        LastFlagWins.Apply(root);
        KitHelp.Install(root);
        return root;
    }
}
