using System.CommandLine;
using Kit.Cli.Completion;

namespace Kit.Cli.Commands.Completion;

/// <summary>
/// <c>kit completion bash|zsh|fish|powershell</c> prints a completion script; the hidden <c>kit __complete -- WORDS</c>
/// is what those scripts call.
/// </summary>
public static class CompletionCommand
{
    public static Command Create(CommandHandler handler)
    {
        var command = new VerbCommand("completion", "Generate the autocompletion script for the specified shell");
        command.Examples =
        [
            "source <(kit completion bash)                                  # bash, this shell",
            "kit completion bash > ~/.local/share/bash-completion/completions/kit",
            "kit completion zsh > \"${fpath[1]}/_kit\"                      # zsh",
            "kit completion fish > ~/.config/fish/completions/kit.fish     # fish",
            "kit completion powershell | Out-String | Invoke-Expression   # PowerShell",
        ];
        foreach (var shell in CompletionScripts.Shells)
        {
            var sub = new VerbCommand(shell, $"Generate the autocompletion script for {shell}");
            handler.Bind(sub, (_, ctx, _) =>
            {
                ctx.Out.Write(CompletionScripts.For(shell));
                return Task.FromResult(0);
            });
            command.Subcommands.Add(sub);
        }
        return command;
    }

    public static Command CreateHidden(CommandHandler handler, Command root)
    {
        var words = new Argument<string[]>("WORDS") { Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("__complete", "Completion candidates for the words after kit (used by the completion scripts)") { words };
        command.Hidden = true;
        handler.Bind(command, async (parse, ctx, ct) =>
        {
            var engine = new CompletionEngine(root, async (kind, token) =>
            {
                using var kit = RegistryAccess.Client(ctx);
                return kind == StoredKind.Index
                    ? [.. (await kit.ListIndexesAsync(token).ConfigureAwait(false)).Select(i =>
                        new StoredName(Core.References.ModelReference.FormatRepositoryForDisplay(i.Repository), i.Digest, i.Tags))]
                    : [.. (await kit.ListAsync(token).ConfigureAwait(false)).Select(k => new StoredName(k.DisplayRepository, k.Digest, k.Tags))];
            });
            try
            {
                var (candidates, directive) = await engine.CompleteAsync(parse.GetValue(words) ?? [], ct).ConfigureAwait(false);
                foreach (var candidate in candidates) ctx.Out.WriteLine(candidate);
                ctx.Out.WriteLine($":{(int)directive}");
            }
            catch (Exception e) when (e is Core.KitException or IOException or UnauthorizedAccessException)
            {
                // The shell shows nothing; the reason is for whoever runs __complete by hand.
                ctx.Err.WriteLine($"completion failed: {e.Message}");
                ctx.Out.WriteLine($":{(int)CompletionDirective.Error}");
            }
            return 0;
        });
        return command;
    }
}
