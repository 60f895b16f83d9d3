using System.CommandLine;
using System.CommandLine.Parsing;

namespace Kit.Cli.Commands;

/// <summary>
/// Turns a command line that does not parse into the one line KitOps users know from cobra (<c>unknown command "x" for
/// "kit"</c>, <c>unknown flag: --x</c>, ...) and a pointer to <c>--help</c>, instead of the whole help text. The
/// messages are built from the parse structure, not from System.CommandLine's texts, which Native AOT reduces to
/// resource keys.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The line to print (without <c>[ERROR] </c>), or null when the command line is fine.</summary>
    /// <param name="parse">The parse of <paramref name="args"/>.</param>
    /// <param name="args">The arguments as given (after -v counting), to know which tokens follow <c>--</c>.</param>
    public static string? Find(ParseResult parse, IReadOnlyList<string> args)
    {
        var command = parse.CommandResult;
        var path = CommandPath(command);
        var problem = Problem(parse, command, path, args);
        return problem is null ? null : $"{problem}; run '{path} --help' for usage";
    }

    private static string? Problem(ParseResult parse, CommandResult command, string path, IReadOnlyList<string> args)
    {
        var afterDoubleDash = args.SkipWhile(a => a != "--").Skip(1).ToHashSet(StringComparer.Ordinal);
        bool IsFlag(string token) => token.Length > 1 && token[0] == '-' && !afterDoubleDash.Contains(token);

        var unmatched = parse.UnmatchedTokens;
        if (unmatched.FirstOrDefault(IsFlag) is { } unknownFlag)
            return UnknownFlag(unknownFlag);
        // An unknown flag where the command takes a value is taken as that value: "kit pack --bogus".
        foreach (var argument in command.Children.OfType<ArgumentResult>())
            if (argument.Tokens.FirstOrDefault(t => IsFlag(t.Value)) is { } flagLike)
                return UnknownFlag(flagLike.Value);
        if (unmatched.Count > 0 && command.Command.Subcommands.Count > 0 && command.Command.Arguments.Count == 0)
            return UnknownCommand(unmatched[0], command.Command, path);
        foreach (var option in command.Children.OfType<OptionResult>())
            if (!option.Implicit && option.Tokens.Count < option.Option.Arity.MinimumNumberOfValues)
                return $"flag needs an argument: {option.IdentifierToken?.Value ?? option.Option.Name}";
        foreach (var argument in command.Command.Arguments)
            if (argument.Arity.MinimumNumberOfValues > 0 && parse.GetResult(argument) is not { Tokens.Count: > 0 })
                return $"missing argument {argument.Name}";
        if (unmatched.Count > 0)
            return $"unexpected argument \"{unmatched[0]}\" ({path} takes {ArgumentCount(command.Command)})";
        if (parse.Errors.Count > 0)
            return parse.Errors[0].Message;
        return null;
    }

    private static string UnknownFlag(string token) =>
        token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2
            ? $"unknown flag: {token.Split('=')[0]}"
            : $"unknown shorthand flag: '{token[1]}' in {token}";

    private static string UnknownCommand(string name, Command parent, string path)
    {
        var known = parent.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        var suggestion = known
            .Select(candidate => (candidate, distance: Distance(name, candidate)))
            .Where(c => c.distance <= 2 || c.candidate.StartsWith(name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.distance).Select(c => c.candidate).FirstOrDefault();
        var line = $"unknown command \"{name}\" for \"{path}\"";
        return suggestion is null ? line : $"{line} (did you mean \"{suggestion}\"?)";
    }

    private static string ArgumentCount(Command command)
    {
        var max = command.Arguments.Sum(a => a.Arity.MaximumNumberOfValues);
        return max switch
        {
            0 => "no arguments",
            1 => "1 argument",
            _ => $"at most {max} arguments",
        };
    }

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? r = command; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Parent is null ? "kit" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>Levenshtein distance, as cobra uses for its suggestions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
