namespace Kit.Oci.Content;

/// <summary>A store holds no content (blob, manifest or tag) by that name.</summary>
public class ContentNotFoundException : IOException
{
    public ContentNotFoundException(string subject, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Subject = subject;
    }

    /// <summary>The digest or tag that was looked for.</summary>
    public string Subject { get; }
}
