namespace Kit.Cli.Completion;

/// <summary>
/// The shell scripts <c>kit completion SHELL</c> prints. Each asks <c>kit __complete -- WORDS...</c> (the words typed
/// after <c>kit</c>, the last one being completed, possibly empty), which prints one candidate per line and then
/// <c>:&lt;directive&gt;</c> (<see cref="CompletionDirective"/>: 2 = no space after the word, 4 = no file names).
/// </summary>
internal static class CompletionScripts
{
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh", "fish", "powershell"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "powershell" => PowerShell,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "unknown shell"),
    };

    // Bash splits words at ':' (COMP_WORDBREAKS), so the words are re-read from the line, and the part of a
    // reference up to its last ':' is taken off the candidates because bash already has it.
    private const string Bash = """
        # bash completion for kit. Load it in this shell:  source <(kit completion bash)
        # or for every new shell:  kit completion bash > ~/.local/share/bash-completion/completions/kit
        _kit_complete() {
            local line=${COMP_LINE:0:COMP_POINT}
            local -a words
            read -r -a words <<< "$line"
            [[ $line =~ [[:space:]]$ ]] && words+=("")
            local word=${words[${#words[@]}-1]}
            local out
            out=$("${words[0]}" __complete -- "${words[@]:1}" 2>/dev/null) || return 0
            local directive=${out##*:}
            local candidates=${out%:*}
            COMPREPLY=()
            local IFS=$'\n'
            [[ -n $candidates ]] && COMPREPLY=($candidates)
            if [[ $word == *:* && $COMP_WORDBREAKS == *:* ]]; then
                local prefix=${word%"${word##*:}"}
                COMPREPLY=("${COMPREPLY[@]#"$prefix"}")
            fi
            (( directive & 2 )) && compopt -o nospace 2>/dev/null
            (( ${#COMPREPLY[@]} == 0 && (directive & 4) == 0 )) && compopt -o default 2>/dev/null
            return 0
        }
        complete -F _kit_complete kit

        """;

    private const string Zsh = """
        #compdef kit
        # zsh completion for kit. Load it in this shell:  source <(kit completion zsh)
        # or for every new shell: put the output in a file named _kit in a directory of $fpath.
        _kit() {
            local out directive
            local -a candidates
            out=$("${words[1]}" __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
            directive=${out##*:}
            candidates=("${(@f)${out%:*}}")
            candidates=(${candidates:#})
            if (( ${#candidates} )); then
                if (( directive & 2 )); then
                    compadd -Q -S '' -- "${candidates[@]}"
                else
                    compadd -Q -- "${candidates[@]}"
                fi
            elif (( ! (directive & 4) )); then
                _files
            fi
        }
        if (( $+functions[compdef] )); then
            compdef _kit kit
        fi

        """;

    private const string Fish = """
        # fish completion for kit. Load it in this shell:  kit completion fish | source
        # or for every new shell:  kit completion fish > ~/.config/fish/completions/kit.fish
        function __kit_complete
            set -l args (commandline -opc) (commandline -ct | string collect --allow-empty)
            set -l out ($args[1] __complete -- $args[2..-1] 2>/dev/null)
            or return
            set -l directive (string replace ':' '' -- $out[-1])
            set -e out[-1]
            if test (count $out) -eq 0; and test (math "$directive % 8 - $directive % 4") -eq 0
                __fish_complete_path (commandline -ct)
                return
            end
            printf '%s\n' $out
        end
        complete -c kit -f -a '(__kit_complete)'

        """;

    private const string PowerShell = """
        # PowerShell completion for kit. Load it in this session:  kit completion powershell | Out-String | Invoke-Expression
        # or for every new session: add that line to $PROFILE.
        Register-ArgumentCompleter -Native -CommandName kit -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $words = @($commandAst.CommandElements | Where-Object { $_.Extent.StartOffset -lt $cursorPosition } | ForEach-Object { $_.ToString() })
            if ($wordToComplete -eq '') { $words += '' }
            $out = @(& $words[0] __complete '--' @($words | Select-Object -Skip 1) 2>$null)
            if ($out.Count -eq 0) { return }
            $out | Select-Object -SkipLast 1 | Where-Object { $_ -ne '' } | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
