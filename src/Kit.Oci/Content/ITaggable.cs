namespace Kit.Oci.Content;

/// <summary>Names stored manifests.</summary>
public interface ITaggable
{
    /// <summary>Points <paramref name="tag"/> at <paramref name="descriptor"/>, a manifest already stored; a tag that named another one moves.</summary>
    Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default);
}
