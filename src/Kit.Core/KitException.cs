namespace Kit.Core;

/// <summary>An error caused by the user's input or environment, whose message is fit to show as one line.</summary>
public class KitException : Exception
{
    public KitException(string message) : base(message) { }
    public KitException(string message, Exception inner) : base(message, inner) { }
}
