namespace Kit.Oci.Content;

/// <summary>A store holds no content (blob, manifest or tag) by that name.</summary>
public class ContentNotFoundException : IOException
{
    /// <summary>Nothing by <paramref name="subject"/> in a store.</summary>
    /// <param name="subject">The digest or tag looked for.</param>
    /// <param name="message">One line naming it and the store.</param>
    /// <param name="innerException">The failure that caused it, if any.</param>
    public ContentNotFoundException(string subject, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Subject = subject;
    }

    /// <summary>The digest or tag that was looked for.</summary>
    public string Subject { get; }
}
