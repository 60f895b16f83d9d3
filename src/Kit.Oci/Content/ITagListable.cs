namespace Kit.Oci.Content;

/// <summary>Lists tags.</summary>
public interface ITagListable
{
    Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken = default);
}
