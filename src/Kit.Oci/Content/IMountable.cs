namespace Kit.Oci.Content;

/// <summary>Optional on a target: links a blob from another repository of the same registry, moving no data.</summary>
public interface IMountable
{
    /// <returns>True when mounted; false when the registry would not and the blob was uploaded from <paramref name="getContent"/> instead (or, without it, not stored).</returns>
    Task<bool> MountAsync(Descriptor descriptor, string fromRepository, Func<CancellationToken, Task<Stream>>? getContent,
        CancellationToken cancellationToken = default);
}
