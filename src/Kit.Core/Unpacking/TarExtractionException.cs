namespace Kit.Core.Unpacking;

/// <summary>An archive entry that cannot be extracted safely; the message is one line naming the entry or path.</summary>
public sealed class TarExtractionException : IOException
{
    public TarExtractionException(TarExtractionError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    public TarExtractionError Error { get; }
}
