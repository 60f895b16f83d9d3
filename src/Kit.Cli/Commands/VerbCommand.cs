using System.CommandLine;

namespace Kit.Cli.Commands;

/// <summary>
/// One kit verb: its arguments and options, description and examples (shown by <c>--help</c>); the handler is bound
/// through <see cref="CommandHandler"/> and parses them into a request for one Core service.
/// </summary>
internal sealed class VerbCommand(string name, string description) : Command(name, description)
{
    /// <summary>Command lines with a trailing <c># comment</c>, printed under "Examples:" in the help.</summary>
    public IReadOnlyList<string> Examples { get; set; } = [];
}
