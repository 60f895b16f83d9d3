using System.CommandLine;

namespace Kit.Cli.Commands;

/// <summary>
/// A single-value flag given twice keeps the last value (<c>info --filter a --filter b</c> reads <c>b</c>), as
/// with KitOps's flag parser; System.CommandLine would refuse the command line.
/// </summary>
internal static class LastFlagWins
{
    public static void Apply(Command command)
    {
        foreach (var option in command.Options)
        {
            if (option is Option<string> text && text.Arity.MaximumNumberOfValues == 1)
            {
                text.Arity = new ArgumentArity(text.Arity.MinimumNumberOfValues, ArgumentArity.OneOrMore.MaximumNumberOfValues);
                text.CustomParser = result => result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            }
        }
        foreach (var sub in command.Subcommands)
            Apply(sub);
    }
}
