namespace Kit.Oci.Content;

/// <summary>Optional on a target that stores a manifest and names it in one step (a registry's <c>PUT /manifests/&lt;tag&gt;</c>).</summary>
public interface IReferencePushable
{
    /// <param name="reference">A tag, or the manifest's digest to store it unnamed.</param>
    /// <param name="expected">The manifest's descriptor; the content must match its digest and size.</param>
    /// <param name="content">The manifest bytes; left open for the caller to dispose.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task PushReferenceAsync(Descriptor expected, Stream content, string reference, CancellationToken cancellationToken = default);
}
