namespace Kit.Cli.Completion;

/// <summary>What the shell script does besides offering the candidates (cobra's directive bits, which the scripts read).</summary>
[Flags]
internal enum CompletionDirective
{
    /// <summary>Offer the candidates, and files when there are none.</summary>
    Default = 0,
    Error = 1,
    /// <summary>No space after the completed word (a reference ending in <c>:</c> or <c>@</c> goes on).</summary>
    NoSpace = 2,
    /// <summary>Never fall back to file names.</summary>
    NoFileCompletion = 4,
}
