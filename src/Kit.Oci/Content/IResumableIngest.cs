using Kit.Oci.Layout;

namespace Kit.Oci.Content;

/// <summary>
/// Optional on a target that keeps interrupted writes (the layout store's <c>ingest/&lt;hex&gt;.partial</c>): a later copy
/// continues after the bytes already there, and writers of one blob, in any process, meet there so only one fetches it.
/// </summary>
public interface IResumableIngest
{
    /// <summary>Starts or continues writing <paramref name="expected"/>; null when it is stored already (possibly by the writer this call waited for).</summary>
    Task<BlobWriter?> BeginResumableWriteAsync(Descriptor expected, CancellationToken cancellationToken = default);
}
