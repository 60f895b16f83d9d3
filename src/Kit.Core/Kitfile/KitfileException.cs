namespace Kit.Core.Kitfiles;

/// <summary>A Kitfile that cannot be read, located or accepted. The message is one line (except validation lists).</summary>
public class KitfileException : KitException
{
    public KitfileException(string message) : base(message) { }
    public KitfileException(string message, Exception inner) : base(message, inner) { }

    /// <summary>1-based position of the offending YAML node, when known.</summary>
    public int? Line { get; init; }
    public int? Column { get; init; }

    internal static KitfileException At(int line, int column, string message) =>
        new($"Kitfile line {line}, column {column}: {message}") { Line = line, Column = column };
}
