namespace Kit.Core.Packing;

/// <summary>A layer could not be built: a bad or missing layer path, or a file that could not be read.</summary>
public sealed class PackingException : KitException
{
    public PackingException()
    {
    }

    public PackingException(string message)
        : base(message)
    {
    }

    public PackingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
