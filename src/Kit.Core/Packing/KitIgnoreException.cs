namespace Kit.Core.Packing;

/// <summary>The <c>.kitignore</c> file cannot be used: an illegal <c>!</c> pattern or a malformed glob.</summary>
public sealed class KitIgnoreException : KitException
{
    public KitIgnoreException(string reason)
        : base($"invalid .kitignore file: {reason}")
    {
        Reason = reason;
    }

    public KitIgnoreException()
        : this("unknown error")
    {
    }

    public KitIgnoreException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>The pattern-level reason, without the <c>invalid .kitignore file:</c> prefix.</summary>
    public string Reason { get; } = "";
}
