using System.CommandLine;
using Kit.Core;

namespace Kit.Cli.Commands.Help;

/// <summary><c>kit help [COMMAND...]</c>: the same help as <c>kit COMMAND --help</c>.</summary>
public static class HelpCommand
{
    public static Command Create(CommandHandler handler, Command root)
    {
        var topic = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Description = "The command (and subcommand) to explain" };
        var command = new VerbCommand("help", "Help about any command") { topic };
        command.Examples =
        [
            "kit help pack",
            "kit help cache clear",
        ];
        handler.Bind(command, (parse, _, _) =>
        {
            var words = parse.GetValue(topic) ?? [];
            Command current = root;
            foreach (var word in words)
            {
                current = current.Subcommands.FirstOrDefault(c => !c.Hidden && c.Name == word)
                          ?? throw new KitException($"Unknown help topic [`{string.Join(' ', words)}`]: run 'kit help' for the list of commands");
            }
            return Task.FromResult(root.Parse([.. words, "--help"]).Invoke(parse.InvocationConfiguration));
        });
        return command;
    }
}
