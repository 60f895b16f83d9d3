namespace Kit.Oci.Content;

/// <summary>Stores content under its descriptor.</summary>
public interface IPushable
{
    /// <summary>
    /// Stores <paramref name="content"/> as <paramref name="expected"/>: the bytes are checked against its size and digest
    /// before they become visible, so wrong bytes store nothing (<see cref="Layout.ContentIntegrityException"/>).
    /// Pushing content that is already there succeeds without change.
    /// </summary>
    Task PushAsync(Descriptor expected, Stream content, CancellationToken cancellationToken = default);
}
