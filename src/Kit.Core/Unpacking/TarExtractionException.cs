namespace Kit.Core.Unpacking;

/// <summary>An archive entry that cannot be extracted safely; the message is one line naming the entry or path.</summary>
public sealed class TarExtractionException : IOException
{
    /// <summary>A layer tar that cannot be extracted safely.</summary>
    /// <param name="error">What kind of problem.</param>
    /// <param name="message">One line naming the entry and why.</param>
    /// <param name="inner">The failure that caused it, if any.</param>
    public TarExtractionException(TarExtractionError error, string message, Exception? inner = null)
        : base(message, inner) => Error = error;

    /// <summary>What kind of problem stopped extraction (e.g. a path escaping the target directory).</summary>
    public TarExtractionError Error { get; }
}
