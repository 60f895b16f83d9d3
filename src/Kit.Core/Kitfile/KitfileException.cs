namespace Kit.Core.Kitfiles;

/// <summary>A Kitfile that cannot be read, located or accepted. The message is one line (except validation lists).</summary>
public class KitfileException : KitException
{
    /// <summary>Creates the exception with a one-line, user-facing message.</summary>
    public KitfileException(string message) : base(message) { }
    /// <summary>Creates the exception with a one-line message and the failure that caused it.</summary>
    public KitfileException(string message, Exception inner) : base(message, inner) { }

    /// <summary>1-based position of the offending YAML node, when known.</summary>
    public int? Line { get; init; }
    /// <summary>1-based column of the offending YAML node, when known.</summary>
    public int? Column { get; init; }

    internal static KitfileException At(int line, int column, string message) =>
        new($"Kitfile line {line}, column {column}: {message}") { Line = line, Column = column };
}
