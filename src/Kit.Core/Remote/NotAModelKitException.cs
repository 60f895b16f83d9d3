namespace Kit.Core.Remote;

/// <summary>A reference names something other than a ModelKit (an index, a container image, another artifact).</summary>
internal class NotAModelKitException : KitException
{
    public NotAModelKitException(string message) : base(message)
    {
    }

    public NotAModelKitException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
