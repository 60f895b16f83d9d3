namespace Kit.Core;

/// <summary>An error caused by the user's input or environment, whose message is fit to show as one line.</summary>
public class KitException : Exception
{
    /// <summary>Creates the exception with the default message (for serializers and tests; Kit code always passes a message).</summary>
    public KitException() { }
    /// <summary>Creates the exception with a one-line, user-facing message.</summary>
    public KitException(string message) : base(message) { }
    /// <summary>Creates the exception with a one-line message and the failure that caused it.</summary>
    public KitException(string message, Exception inner) : base(message, inner) { }
}
