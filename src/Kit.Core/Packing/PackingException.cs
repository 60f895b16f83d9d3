namespace Kit.Core.Packing;

/// <summary>A layer could not be built: a bad or missing layer path, or a file that could not be read.</summary>
public sealed class PackingException : KitException
{
    /// <summary>Creates the exception with the default message (for serializers and tests; Kit code always passes a message).</summary>
    public PackingException()
    {
    }

    /// <summary>Creates the exception with a one-line, user-facing message.</summary>
    public PackingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and the failure that caused it.</summary>
    public PackingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
