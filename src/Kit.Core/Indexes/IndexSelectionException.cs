namespace Kit.Core.Indexes;

/// <summary>No entry, or more than one, of an index matches the labels: the message ends with ':' and <see cref="Entries"/> lists the candidates.</summary>
internal sealed class IndexSelectionException : KitException
{
    public IndexSelectionException(string message) : base(message)
    {
    }

    public IndexSelectionException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public IndexSelectionException(string message, IReadOnlyList<string> entries) : base(message) => Entries = entries;

    /// <summary>One line per candidate: <c>&lt;reference or digest&gt;  (&lt;labels&gt; | no labels)</c>.</summary>
    public IReadOnlyList<string> Entries { get; } = [];
}
