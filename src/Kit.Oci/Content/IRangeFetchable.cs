namespace Kit.Oci.Content;

/// <summary>Optional on a source that can send a blob from an offset (a registry's Range requests), continuing after lost connections.</summary>
public interface IRangeFetchable
{
    /// <summary>
    /// Writes the bytes of <paramref name="target"/> from <paramref name="offset"/> on into <paramref name="destination"/>.
    /// Only the size is checked here: the destination hashes the whole blob, the first <paramref name="offset"/> bytes included.
    /// </summary>
    /// <param name="progress">Bytes of the blob the destination has so far, <paramref name="offset"/> included.</param>
    /// <param name="target">The blob; its size bounds what is fetched.</param>
    /// <param name="offset">First byte to send; 0 sends the whole blob.</param>
    /// <param name="destination">Receives the bytes; it is not disposed.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task FetchRangeAsync(Descriptor target, long offset, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken = default);
}
