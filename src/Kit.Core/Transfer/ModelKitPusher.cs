using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;
using Kit.Oci.Copy;
using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Core.Transfer;

/// <summary>
/// <c>kit push</c>: a <see cref="GraphCopy"/> from the local store to the registry. Config and layers first, in parallel
/// (HEAD → skip; known in another repository of the same registry → mount; else upload from the store), then the
/// manifest under its tag, so the registry never holds a manifest whose blobs are missing. Blobs are leased for the
/// whole push so a concurrent <c>kit remove</c> cannot collect them mid-upload. Referenced parent ModelKits are not
/// pushed (as in KitOps).
/// </summary>
internal sealed class ModelKitPusher(LocalModelStore store, TransferOptions? options = null)
{
    private readonly TransferOptions _options = options ?? new TransferOptions();

    /// <summary>Pushes the local ModelKit <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The local ModelKit to push.</param>
    /// <param name="destination">The registry repository to push into.</param>
    /// <param name="tag">Destination tag; null pushes by digest only.</param>
    /// <param name="cancellationToken">Stops the push.</param>
    /// <returns>The manifest descriptor (its digest is the same locally and remotely).</returns>
    /// <exception cref="ModelKitNotFoundException">No such ModelKit locally.</exception>
    public async Task<Descriptor> PushAsync(ModelReference source, RemoteRepository destination, string? tag, CancellationToken cancellationToken = default)
    {
        var kit = await new LocalModelKits(store).ResolveAsync(source, cancellationToken).ConfigureAwait(false);
        return await PushAsync(kit.ManifestDescriptor, kit.ManifestBytes, kit.Manifest, destination, tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Pushes a manifest stored locally (already verified and parsed) and everything it references.</summary>
    public async Task<Descriptor> PushAsync(Descriptor manifestDescriptor, byte[] manifestBytes, Manifest manifest, RemoteRepository destination,
        string? tag, CancellationToken cancellationToken = default)
    {
        var copyOptions = _options.ToCopyOptions(BlobTransferOutcome.Uploaded);
        var blobs = manifest.Layers.Prepend(manifest.Config).DistinctBy(b => b.Digest).ToList();
        using var lease = store.Layout.BeginLease();
        foreach (var blob in blobs)
        {
            if (!await store.Layout.LeaseIfExistsAsync(lease, blob.Digest, cancellationToken).ConfigureAwait(false))
                throw new BlobNotFoundException(blob.Digest, store.Layout.GetBlobPath(blob.Digest));
        }
        var mountSources = await MountSources.FindAsync(store, destination.Registry, destination.Repository,
            blobs.Select(b => b.Digest).ToHashSet(), cancellationToken).ConfigureAwait(false);

        try
        {
            await GraphCopy.CopyGraphAsync(store.Layout, destination, manifestDescriptor, tag ?? manifestDescriptor.Digest.ToString(), copyOptions with
            {
                RootContent = manifestBytes,
                MountCandidates = b => mountSources.TryGetValue(b.Digest, out var from) ? [from] : [],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (RefusedBlob(e, blobs) is { } blob)
        {
            // The registry hashed what we sent and it is not the digest (or our own read found that): if our copy is what is wrong, say so.
            await ThrowIfCorruptAsync(blob, store.Layout.GetBlobPath(blob.Digest), cancellationToken).ConfigureAwait(false);
            throw;
        }
        return manifestDescriptor;
    }

    private static Descriptor? RefusedBlob(Exception e, List<Descriptor> blobs)
    {
        var digest = e switch
        {
            // The subject of a blob request is "<repository>@<digest>".
            RegistryException r when r.HasErrorCode("DIGEST_INVALID") && Digest.TryParse(r.Subject[(r.Subject.LastIndexOf('@') + 1)..], out var d) => d,
            ContentIntegrityException c => c.Digest,
            _ => (Digest?)null,
        };
        return blobs.Find(b => b.Digest == digest);
    }

    private static async Task ThrowIfCorruptAsync(Descriptor blob, string path, CancellationToken cancellationToken)
    {
        Digest actual;
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
            actual = Digest.FromHash(await System.Security.Cryptography.SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        if (actual != blob.Digest)
            throw new ContentIntegrityException(blob.Digest,
                $"the local copy is corrupt (its content hashes to {actual}), so the registry refused it; remove the modelkit and pack or pull it again", path);
    }
}
