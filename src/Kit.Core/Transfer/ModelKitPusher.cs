using System.Net;
using Kit.Core.Format;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;
using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Core.Transfer;

/// <summary>
/// <c>kit push</c>: config and layers first, in parallel (HEAD → skip; known in another repository of the same
/// registry → mount; else upload from the store file), then the manifest, so the registry never holds a manifest
/// whose blobs are missing. Blobs are leased for the whole push so a concurrent <c>kit remove</c> cannot
/// collect them mid-upload. Referenced parent ModelKits are not pushed (as in KitOps).
/// </summary>
public sealed class ModelKitPusher(LocalModelStore store, TransferOptions? options = null)
{
    private readonly TransferOptions _options = options ?? new TransferOptions();

    /// <summary>Pushes the local ModelKit <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="tag">Destination tag; null pushes by digest only.</param>
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
        _options.Validate();
        var observer = _options.Observer;
        var blobs = manifest.Layers.Prepend(manifest.Config).DistinctBy(b => b.Digest).ToList();
        using var lease = store.Layout.BeginLease();
        foreach (var blob in blobs)
        {
            if (!await store.Layout.LeaseIfExistsAsync(lease, blob.Digest, cancellationToken).ConfigureAwait(false))
                throw new BlobNotFoundException(blob.Digest, store.Layout.GetBlobPath(blob.Digest));
        }
        var mountSources = await MountSources.FindAsync(store, destination.Registry, destination.Repository,
            blobs.Select(b => b.Digest).ToHashSet(), cancellationToken).ConfigureAwait(false);

        await Parallel.ForEachAsync(blobs, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken },
            async (blob, ct) =>
            {
                var kind = blob.Digest == manifest.Config.Digest && blob.MediaType == ModelKitMediaTypes.Config ? TransferBlobKind.Config : TransferBlobKind.Layer;
                observer.BlobStarted(blob, kind);
                var outcome = await PushBlobAsync(blob, destination, mountSources.GetValueOrDefault(blob.Digest), ct).ConfigureAwait(false);
                observer.BlobCompleted(blob, outcome);
            }).ConfigureAwait(false);

        observer.BlobStarted(manifestDescriptor, TransferBlobKind.Manifest);
        var pushed = await destination.PushManifestAsync(tag ?? manifestDescriptor.Digest.ToString(), manifestDescriptor.MediaType, manifestBytes, cancellationToken).ConfigureAwait(false);
        observer.BlobCompleted(manifestDescriptor, BlobTransferOutcome.Uploaded);
        return pushed;
    }

    private async Task<BlobTransferOutcome> PushBlobAsync(Descriptor blob, RemoteRepository destination, string? mountFrom, CancellationToken cancellationToken)
    {
        if (await destination.BlobExistsAsync(blob.Digest, cancellationToken).ConfigureAwait(false))
            return BlobTransferOutcome.Skipped;
        var path = store.Layout.GetBlobPath(blob.Digest);
        try
        {
            return await UploadBlobAsync(blob, destination, mountFrom, path, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.HasErrorCode("DIGEST_INVALID"))
        {
            // The registry hashed what we sent and it is not the digest: if our own copy is what is wrong, say so.
            await ThrowIfCorruptAsync(blob, path, cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task ThrowIfCorruptAsync(Descriptor blob, string path, CancellationToken cancellationToken)
    {
        Digest actual;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 20, FileOptions.SequentialScan | FileOptions.Asynchronous))
            actual = Digest.FromHash(await System.Security.Cryptography.SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        if (actual != blob.Digest)
            throw new ContentIntegrityException(blob.Digest,
                $"the local copy is corrupt (its content hashes to {actual}), so the registry refused it; remove the modelkit and pack or pull it again", path);
    }

    private async Task<BlobTransferOutcome> UploadBlobAsync(Descriptor blob, RemoteRepository destination, string? mountFrom, string path, CancellationToken cancellationToken)
    {
        var progress = new BlobProgress(_options.Observer, blob);
        // The lease keeps the file; the registry verifies the digest, so it is read without verifying again here.
        Stream Open() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        if (mountFrom is not null)
        {
            try
            {
                var mounted = await destination.MountBlobAsync(blob, mountFrom, Open, progress, cancellationToken).ConfigureAwait(false);
                return mounted ? BlobTransferOutcome.Mounted : BlobTransferOutcome.Uploaded;
            }
            catch (RegistryException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                // No read access to the source repository (or it is gone): an ordinary upload still works.
            }
        }
        await destination.PushBlobAsync(blob, Open, progress, cancellationToken).ConfigureAwait(false);
        return BlobTransferOutcome.Uploaded;
    }
}
