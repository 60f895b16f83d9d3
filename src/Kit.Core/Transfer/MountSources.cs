using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Transfer;

/// <summary>
/// Which other repository of a registry is known to hold a blob: any manifest in the local store whose
/// repository is on that registry (we pulled it from there, or pushed it there under that name) and that
/// references the blob. Only a hint; the registry answers 202 instead of 201 when it no longer holds it.
/// </summary>
internal static class MountSources
{
    /// <returns>Blob digest → repository path on <paramref name="registry"/> (without the registry).</returns>
    public static async Task<Dictionary<Digest, string>> FindAsync(LocalModelStore store, string registry, string excludedRepository,
        IReadOnlySet<Digest> wanted, CancellationToken cancellationToken)
    {
        var sources = new Dictionary<Digest, string>();
        var prefix = registry + "/";
        foreach (var entry in await store.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!entry.Repository.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || entry.Repository[prefix.Length..] == excludedRepository
                || entry.Descriptor.MediaType != MediaTypes.ImageManifest)
                continue;
            Manifest manifest;
            try
            {
                manifest = Manifest.Parse(await store.Layout.ReadAllBytesVerifiedAsync(entry.Descriptor.Digest, cancellationToken: cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                continue; // a hint source we cannot read is simply not a hint
            }
            foreach (var blob in manifest.Layers.Prepend(manifest.Config))
            {
                if (wanted.Contains(blob.Digest))
                    sources.TryAdd(blob.Digest, entry.Repository[prefix.Length..]);
            }
        }
        return sources;
    }
}
