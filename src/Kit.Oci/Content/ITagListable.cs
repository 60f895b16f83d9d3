namespace Kit.Oci.Content;

/// <summary>Lists tags.</summary>
public interface ITagListable
{
    /// <summary>The repository's tags, in the order the store returns them.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken = default);
}
