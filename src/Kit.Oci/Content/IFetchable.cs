namespace Kit.Oci.Content;

/// <summary>Reads content by descriptor.</summary>
public interface IFetchable
{
    /// <summary>
    /// Opens the content <paramref name="target"/> names. The stream checks size and digest while it is read and throws
    /// <see cref="Layout.ContentIntegrityException"/> at its end (or as soon as it runs long) when they differ.
    /// </summary>
    /// <exception cref="ContentNotFoundException">The content is not there.</exception>
    Task<Stream> FetchAsync(Descriptor target, CancellationToken cancellationToken = default);
}
