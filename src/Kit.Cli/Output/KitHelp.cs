using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Kit.Cli.Commands;

namespace Kit.Cli.Output;

/// <summary>System.CommandLine's help, followed by an "Examples:" section for verbs that have examples.</summary>
internal sealed class KitHelp(HelpAction standard) : SynchronousCommandLineAction
{
    public static void Install(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
            help.Action = new KitHelp(help.Action as HelpAction ?? new HelpAction());
    }

    public override int Invoke(ParseResult parseResult)
    {
        var exit = standard.Invoke(parseResult);
        if (parseResult.CommandResult.Command is VerbCommand { Examples.Count: > 0 } verb)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in verb.Examples)
                output.WriteLine("  " + example);
            output.WriteLine();
        }
        return exit;
    }
}
