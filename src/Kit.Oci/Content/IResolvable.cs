namespace Kit.Oci.Content;

/// <summary>Looks up what a tag or digest names.</summary>
public interface IResolvable
{
    /// <param name="reference">A tag, or a digest <c>sha256:&lt;hex&gt;</c>.</param>
    /// <exception cref="ContentNotFoundException">Nothing by that name.</exception>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default);
}
