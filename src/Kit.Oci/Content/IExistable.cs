namespace Kit.Oci.Content;

/// <summary>Tells whether content is present.</summary>
public interface IExistable
{
    /// <summary>Whether the store has <paramref name="target"/> (by digest; the size is checked where the store can).</summary>
    /// <param name="target">The content looked for.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    Task<bool> ExistsAsync(Descriptor target, CancellationToken cancellationToken = default);
}
