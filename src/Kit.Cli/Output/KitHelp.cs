using System.CommandLine;
using System.CommandLine.Help;
using Kit.Cli.Commands;

namespace Kit.Cli.Output;

/// <summary>System.CommandLine's help, followed by an "Examples:" section for verbs that have examples.</summary>
internal static class KitHelp
{
    public static void Install(RootCommand root)
    {
        var builder = new HelpBuilder();
        builder.CustomizeLayout(_ => HelpBuilder.Default.GetLayout().Append(ExamplesSection));
        foreach (var help in root.Options.OfType<HelpOption>())
            help.Action = new HelpAction { Builder = builder };
    }

    private static bool ExamplesSection(HelpContext context)
    {
        if (context.Command is not VerbCommand { Examples.Count: > 0 } verb)
            return false;
        context.Output.WriteLine("Examples:");
        foreach (var example in verb.Examples)
            context.Output.WriteLine("  " + example);
        return true;
    }
}
