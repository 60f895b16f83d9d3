namespace Kit.Oci.Content;

/// <summary>Removes content.</summary>
public interface IDeletable
{
    /// <exception cref="ContentNotFoundException">The content is not there.</exception>
    Task DeleteAsync(Descriptor target, CancellationToken cancellationToken = default);
}
