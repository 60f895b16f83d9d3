using System.CommandLine;
using System.CommandLine.Completions;

namespace Kit.Cli.Completion;

/// <summary>
/// Completes the last of the words typed after <c>kit</c>: subcommands, flags (when the word starts with <c>-</c>),
/// flag values the flag declares, and local ModelKit and index references for the arguments that name one.
/// Candidates are those that start with the word; the directive says whether the shell may add a space or fall back to file names.
/// </summary>
/// <param name="root">The command tree.</param>
/// <param name="listLocal">The stored ModelKits (or with <see cref="StoredKind.Index"/>, the stored indexes).</param>
internal sealed class CompletionEngine(Command root, Func<StoredKind, CancellationToken, Task<IReadOnlyList<StoredName>>> listLocal)
{
    /// <summary>
    /// The one table of arguments that name something stored: command path, what each positional argument names, and
    /// flags that make the arguments something else (a remote reference, or no argument at all).
    /// </summary>
    private static readonly Dictionary<string, (StoredKind[] Positions, string[] Unless)> ReferenceArguments = new(StringComparer.Ordinal)
    {
        ["info"] = ([StoredKind.ModelKit], ["--remote", "-r"]),
        ["inspect"] = ([StoredKind.ModelKit], ["--remote", "-r"]),
        ["push"] = ([StoredKind.ModelKit, StoredKind.ModelKit], []),
        ["remove"] = ([StoredKind.ModelKit], ["--all", "-a", "--remote", "-r"]),
        ["tag"] = ([StoredKind.ModelKit], []),
        ["unpack"] = ([StoredKind.ModelKit], []),
        ["diff"] = ([StoredKind.ModelKit, StoredKind.ModelKit], []),
        ["index add"] = ([StoredKind.Index, StoredKind.ModelKit], []),
        ["index remove"] = ([StoredKind.Index, StoredKind.ModelKit], []),
        ["index delete"] = ([StoredKind.Index], ["--all", "-a"]),
        ["index info"] = ([StoredKind.Index], ["--remote", "-r"]),
        ["index inspect"] = ([StoredKind.Index], ["--remote", "-r"]),
        ["index push"] = ([StoredKind.Index], []),
    };

    /// <summary>Commands whose arguments are files or directories: the shell may complete file names.</summary>
    private static readonly HashSet<string> FileCommands = new(["pack", "unpack", "init"], StringComparer.Ordinal);

    public async Task<(IReadOnlyList<string> Candidates, CompletionDirective Directive)> CompleteAsync(IReadOnlyList<string> words, CancellationToken cancellationToken)
    {
        var partial = words.Count > 0 ? words[^1] : "";
        var path = new List<Command> { root };
        var positionals = 0;
        var flags = new HashSet<string>(StringComparer.Ordinal);
        Option? valueOf = null;
        foreach (var word in words.Take(Math.Max(0, words.Count - 1)))
        {
            if (valueOf is not null)
            {
                valueOf = null;
                continue;
            }
            if (word.Length > 1 && word[0] == '-')
            {
                var name = word.Split('=', 2)[0];
                flags.Add(name);
                if (OptionsOf(path).FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name)) is { } option
                    && option.ValueType != typeof(bool) && !word.Contains('=', StringComparison.Ordinal))
                    valueOf = option;
                continue;
            }
            if (positionals == 0 && Visible(path[^1].Subcommands).FirstOrDefault(c => c.Name == word) is { } sub)
            {
                path.Add(sub);
                continue;
            }
            positionals++;
        }

        var command = path[^1];
        if (valueOf is not null)
        {
            var values = valueOf.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
            return values.Count == 0 ? ([], CompletionDirective.Default) : (Matching(values, partial), CompletionDirective.NoFileCompletion);
        }
        if (partial.StartsWith('-'))
        {
            var names = OptionsOf(path).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith('-') && n != "-?");
            return (Matching(names, partial), CompletionDirective.NoFileCompletion);
        }

        var candidates = new List<string>();
        if (positionals == 0) candidates.AddRange(Visible(command.Subcommands).Select(c => c.Name));
        if (command.Name == "help" && path.Count == 2) candidates.AddRange(Visible(root.Subcommands).Select(c => c.Name));
        var directive = FileCommands.Contains(command.Name) ? CompletionDirective.Default : CompletionDirective.NoFileCompletion;
        if (ReferenceArguments.TryGetValue(string.Join(' ', path.Skip(1).Select(c => c.Name)), out var references)
            && positionals < references.Positions.Length && !references.Unless.Any(flags.Contains))
        {
            candidates.AddRange(ModelKitReferenceCompletions.For(partial, await listLocal(references.Positions[positionals], cancellationToken).ConfigureAwait(false)));
            directive = CompletionDirective.NoFileCompletion | CompletionDirective.NoSpace;
        }
        return (Matching(candidates, partial), directive);
    }

    /// <summary>The options in effect: the command's own and the recursive ones of the commands above it.</summary>
    private static IEnumerable<Option> OptionsOf(List<Command> path) =>
        path[^1].Options.Concat(path.Take(path.Count - 1).SelectMany(c => c.Options.Where(o => o.Recursive)));

    private static IEnumerable<Command> Visible(IEnumerable<Command> commands) => commands.Where(c => !c.Hidden);

    private static List<string> Matching(IEnumerable<string> candidates, string partial) =>
        [.. candidates.Where(c => c.StartsWith(partial, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)];
}
