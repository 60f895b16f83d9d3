using Kit.Oci.Content;

namespace Kit.Oci.Copy;

/// <summary>
/// The one way content moves between stores: the graph below a root (index → manifests → config and layers) is copied
/// children before parents, so a target never holds a manifest whose blobs are missing (except layers a
/// <see cref="CopyOptions.LayerFilter"/> leaves out). Each node is copied once even when several parents share it;
/// what the target has is skipped; blobs are mounted, resumed or verified while they stream, whichever the stores allow.
/// </summary>
public static class GraphCopy
{
    /// <summary>
    /// Copies what <paramref name="sourceReference"/> (a tag or digest) names in <paramref name="source"/> and names it
    /// <paramref name="targetReference"/> in <paramref name="target"/> (the same as the source reference when null).
    /// </summary>
    /// <returns>The root descriptor.</returns>
    public static async Task<Descriptor> CopyAsync(IReadOnlyTarget source, string sourceReference, ITarget target, string? targetReference = null,
        CopyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var root = await source.ResolveAsync(sourceReference, cancellationToken).ConfigureAwait(false);
        await CopyGraphAsync(source, target, root, targetReference ?? sourceReference, options, cancellationToken).ConfigureAwait(false);
        return root;
    }

    /// <summary>Copies the graph below <paramref name="root"/> (root included) and names the root <paramref name="targetReference"/> (a tag, or its digest).</summary>
    public static Task CopyGraphAsync(IReadOnlyStorage source, ITarget target, Descriptor root, string targetReference,
        CopyOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetReference);
        return RunAsync(source, target, root, targetReference, options, cancellationToken);
    }

    /// <summary>Copies the graph below <paramref name="root"/> (root included) without naming anything in the target.</summary>
    public static Task CopyGraphAsync(IReadOnlyStorage source, IStorage target, Descriptor root, CopyOptions? options = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(source, target, root, null, options, cancellationToken);

    private static async Task RunAsync(IReadOnlyStorage source, IStorage target, Descriptor root, string? targetReference, CopyOptions? options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(root);
        options ??= new CopyOptions();
        options.Validate();
        using var copier = new GraphCopier(source, target, root, targetReference, options, cancellationToken);
        await copier.RunAsync().ConfigureAwait(false);
    }
}
