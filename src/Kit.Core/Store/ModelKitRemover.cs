using Kit.Core.References;
using Kit.Oci;

namespace Kit.Core.Store;

/// <summary><c>kit remove</c>: untag or delete manifests, then collect unreferenced blobs once.</summary>
internal sealed class ModelKitRemover(LocalModelStore store, Action<string> report, Action<string> warn)
{
    /// <summary>
    /// Removes <paramref name="reference"/>: a digest deletes the manifest and its tags; a tag deletes the
    /// manifest if it is the manifest's only tag (or with <paramref name="force"/>), else only untags it.
    /// Extra comma tags are removed one by one; their failures are reported, not fatal.
    /// </summary>
    public async Task RemoveAsync(ModelReference reference, bool force, CancellationToken ct = default)
    {
        await RemoveOneAsync(reference, force, ct).ConfigureAwait(false);
        foreach (var extra in reference.ExtraTags)
        {
            try
            {
                await RemoveOneAsync(reference.WithTag(extra), force, ct).ConfigureAwait(false);
            }
            catch (KitException ex)
            {
                warn(ex.Message);
            }
        }
        await CollectGarbageAsync(ct).ConfigureAwait(false);
    }

    /// <summary><c>--all</c>: every untagged manifest; with <paramref name="force"/> every manifest.</summary>
    public async Task RemoveAllAsync(bool force, CancellationToken ct = default)
    {
        foreach (var entry in await store.RemoveAllAsync(force, ct).ConfigureAwait(false))
        {
            var display = ModelReference.FormatRepositoryForDisplay(entry.Repository);
            foreach (var tag in entry.Tags.OrderBy(t => t, StringComparer.Ordinal))
                report($"Untagged {display}:{tag}");
            report($"Removed {display}@{entry.Descriptor.Digest}");
        }
        await CollectGarbageAsync(ct).ConfigureAwait(false);
    }

    private async Task RemoveOneAsync(ModelReference reference, bool force, CancellationToken ct)
    {
        var (manifest, _) = await store.RemoveReferenceAsync(reference.FullRepository, reference.TagOrDigest, force, ct).ConfigureAwait(false);
        if (manifest is null)
            throw new ModelKitNotFoundException(reference);
        report($"Removed {reference.Display} (digest {manifest.Digest})");
    }

    /// <summary>A collection that had to keep everything says so: otherwise "Removed" would silently keep the bytes.</summary>
    private async Task CollectGarbageAsync(CancellationToken ct)
    {
        var result = await store.CollectGarbageAsync(ct).ConfigureAwait(false);
        foreach (var problem in result.Problems)
            warn(problem);
    }
}
