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
        await store.CollectGarbageAsync(ct).ConfigureAwait(false);
    }

    /// <summary><c>--all</c>: every untagged manifest; with <paramref name="force"/> every manifest.</summary>
    public async Task RemoveAllAsync(bool force, CancellationToken ct = default)
    {
        foreach (var entry in await store.ListAsync(ct).ConfigureAwait(false))
        {
            if (entry.Repository.Length == 0 || (entry.Tags.Count > 0 && !force)) continue;
            var display = ModelReference.FormatRepositoryForDisplay(entry.Repository);
            try
            {
                foreach (var tag in entry.Tags.OrderBy(t => t, StringComparer.Ordinal))
                {
                    await store.UntagAsync(entry.Repository, tag, ct).ConfigureAwait(false);
                    report($"Untagged {display}:{tag}");
                }
                await store.RemoveManifestAsync(entry.Repository, entry.Descriptor.Digest, ct).ConfigureAwait(false);
                report($"Removed {display}@{entry.Descriptor.Digest}");
            }
            catch (IOException ex)
            {
                warn($"failed to remove {display}@{entry.Descriptor.Digest}: {Formatting.FileSystemMessages.Reason(ex)}");
            }
        }
        await store.CollectGarbageAsync(ct).ConfigureAwait(false);
    }

    private async Task RemoveOneAsync(ModelReference reference, bool force, CancellationToken ct)
    {
        var repository = reference.FullRepository;
        var descriptor = await store.ResolveAsync(repository, reference.TagOrDigest, ct).ConfigureAwait(false)
            ?? throw new ModelKitNotFoundException(reference);
        var digest = descriptor.Digest;

        if (reference.Digest is null && !force && await TagCountAsync(repository, digest, ct).ConfigureAwait(false) > 1)
            await store.UntagAsync(repository, reference.Tag!, ct).ConfigureAwait(false);
        else
            await store.RemoveManifestAsync(repository, digest, ct).ConfigureAwait(false);
        report($"Removed {reference.Display} (digest {digest})");
    }

    private async Task<int> TagCountAsync(string repository, Digest digest, CancellationToken ct) =>
        (await store.ListAsync(ct).ConfigureAwait(false))
            .Where(e => e.Repository == repository && e.Descriptor.Digest == digest)
            .Sum(e => e.Tags.Count);
}
