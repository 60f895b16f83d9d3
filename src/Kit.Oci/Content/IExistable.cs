namespace Kit.Oci.Content;

/// <summary>Tells whether content is present.</summary>
public interface IExistable
{
    Task<bool> ExistsAsync(Descriptor target, CancellationToken cancellationToken = default);
}
