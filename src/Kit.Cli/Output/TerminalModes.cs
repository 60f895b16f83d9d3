namespace Kit.Cli.Output;

/// <summary>Undoes what the runtime's console does to a terminal while a live display runs.</summary>
internal static class TerminalModes
{
    /// <summary>
    /// Keypad back to normal mode (terminfo <c>rmkx</c>): the runtime's console switches it to application mode
    /// (<c>ESC[?1h ESC=</c>) when it first measures the terminal and never switches it back.
    /// </summary>
    public const string KeypadLocal = "\u001b[?1l\u001b>";
}
