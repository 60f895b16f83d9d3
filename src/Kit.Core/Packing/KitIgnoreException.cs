namespace Kit.Core.Packing;

/// <summary>The <c>.kitignore</c> file cannot be used: an illegal <c>!</c> pattern or a malformed glob.</summary>
public sealed class KitIgnoreException : KitException
{
    /// <summary>Creates the exception for a .kitignore that cannot be used.</summary>
    /// <param name="reason">Why, in one line; also the message.</param>
    public KitIgnoreException(string reason)
        : base($"invalid .kitignore file: {reason}")
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with the default message (for serializers and tests; Kit code always passes a message).</summary>
    public KitIgnoreException()
        : this("unknown error")
    {
    }

    /// <summary>Creates the exception with a one-line message and the failure that caused it.</summary>
    public KitIgnoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The pattern-level reason, without the <c>invalid .kitignore file:</c> prefix.</summary>
    public string Reason { get; } = "";
}
