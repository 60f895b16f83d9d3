using System.Net;
using Kit.Oci.Content;
using Kit.Oci.Layout;

namespace Kit.Oci.Remote;

/// <summary>The content-layer view of a registry repository (what <see cref="Copy.GraphCopy"/> reads and writes).</summary>
/// <remarks>
/// Through the interfaces a missing manifest, blob or tag is a <see cref="ContentNotFoundException"/> (wrapping the
/// registry's error); the public methods of the other parts keep throwing <see cref="RegistryNotFoundException"/>.
/// Uploads and range downloads pass the registry's errors through unchanged.
/// </remarks>
public sealed partial class RemoteRepository : ITarget, ITagListable, IDeletable, IMountable, IRestartablePushable, IRangeFetchable, IReferencePushable
{
    private static bool IsManifest(Descriptor d) => ManifestMediaTypes.Contains(d.MediaType);

    /// <inheritdoc/>
    public async Task<bool> ExistsAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!IsManifest(target))
            return await BlobExistsAsync(target.Digest, cancellationToken).ConfigureAwait(false);
        using var request = NewRequest(HttpMethod.Head, ManifestUri(target.Digest.ToString()), Pull);
        AcceptManifests(request);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await FailAsync(response, "check manifest", target.Digest.ToString(), cancellationToken).ConfigureAwait(false),
        };
    }

    async Task<Stream> IFetchable.FetchAsync(Descriptor target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsManifest(target))
        {
            var content = await NotFoundAsContent(target.Digest.ToString(), () => FetchManifestAsync(target, cancellationToken)).ConfigureAwait(false);
            return new VerifyingReadStream(new MemoryStream(content, writable: false), target, $"{Registry}/{Repository}");
        }
        using var request = NewRequest(HttpMethod.Get, BlobUri(target.Digest), Pull);
        var response = await SendAsync(request, cancellationToken, streamBody: true).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var error = await FailAsync(response, "fetch blob", target.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            throw error is RegistryNotFoundException ? AsContentNotFound(target.Digest.ToString(), error) : error;
        }
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return new VerifyingReadStream(ForwardingReadStream.Over(body, response), target, $"{Registry}/{Repository}");
    }

    /// <summary>Uploads a blob, or puts a manifest under its digest. Restarts a broken upload only when <paramref name="content"/> can seek.</summary>
    public async Task PushAsync(Descriptor expected, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(content);
        if (IsManifest(expected))
        {
            await PushReferenceAsync(expected, content, expected.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            return;
        }
        var start = content.CanSeek ? content.Position : -1;
        var attempts = 0;
        await PushAsync(expected, _ =>
        {
            if (attempts++ > 0)
            {
                if (start < 0)
                    throw new NotSupportedException("the upload broke and its content stream cannot be read again");
                content.Position = start;
            }
            return Task.FromResult<Stream>(ForwardingReadStream.Over(content, leaveOpen: true));
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task PushAsync(Descriptor expected, Func<CancellationToken, Task<Stream>> openContent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(openContent);
        return PushBlobAsync(expected, () => ForwardingReadStream.OpenedOnFirstRead(openContent), null, cancellationToken);
    }

    /// <summary>Puts a manifest under a tag (or its digest), after checking it is the manifest <paramref name="expected"/> names.</summary>
    public async Task PushReferenceAsync(Descriptor expected, Stream content, string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(content);
        if (expected.Size > Options.MaxManifestSize)
            throw new ManifestTooLargeException(Registry, Subject(reference), Options.MaxManifestSize, expected.Size);
        var bytes = new byte[expected.Size];
        // The caller owns content.
        var verifying = new VerifyingReadStream(content, expected, "manifest to push", leaveOpen: true);
        await using var _ = verifying.ConfigureAwait(false);
        await verifying.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        if (await verifying.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) != 0)
            throw new ContentIntegrityException(expected.Digest, $"manifest is longer than the expected {expected.Size} bytes");
        await PushManifestAsync(reference, expected.MediaType, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Mounts, and when the registry will not (202, or no access to <paramref name="fromRepository"/>: 401, 403, 404)
    /// uploads from <paramref name="getContent"/> if given.
    /// </summary>
    public async Task<bool> MountAsync(Descriptor descriptor, string fromRepository, Func<CancellationToken, Task<Stream>>? getContent,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Func<Stream>? fallback = getContent is null ? null : () => ForwardingReadStream.OpenedOnFirstRead(getContent);
        try
        {
            return await MountBlobAsync(descriptor, fromRepository, fallback, null, cancellationToken).ConfigureAwait(false);
        }
        catch (RegistryException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // No read access to the source repository (or it is gone): an ordinary upload still works.
        }
        if (fallback is not null)
            await PushBlobAsync(descriptor, fallback, null, cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <inheritdoc/>
    public Task FetchRangeAsync(Descriptor target, long offset, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(destination);
        return TransferAsync(target, destination, offset, restart: null, check: null, progress, cancellationToken);
    }

    Task<Descriptor> IResolvable.ResolveAsync(string reference, CancellationToken cancellationToken) =>
        NotFoundAsContent(reference, () => ResolveAsync(reference, cancellationToken));

    /// <summary>Puts the manifest <paramref name="descriptor"/> names under <paramref name="tag"/> too (the registry has no other way to tag).</summary>
    public async Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var content = await NotFoundAsContent(descriptor.Digest.ToString(), () => FetchManifestAsync(descriptor, cancellationToken)).ConfigureAwait(false);
        await PushManifestAsync(tag, descriptor.MediaType, content, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a manifest (and so its tags) or a blob.</summary>
    public async Task DeleteAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (IsManifest(target))
        {
            try
            {
                await DeleteManifestAsync(target.Digest, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RegistryNotFoundException e)
            {
                throw AsContentNotFound(target.Digest.ToString(), e);
            }
        }
        using var request = NewRequest(HttpMethod.Delete, BlobUri(target.Digest), Delete);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NoContent))
        {
            var error = await FailAsync(response, "delete blob", target.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            throw error is RegistryNotFoundException ? AsContentNotFound(target.Digest.ToString(), error) : error;
        }
        response.Dispose();
    }

    private async Task<T> NotFoundAsContent<T>(string subject, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RegistryNotFoundException e)
        {
            throw AsContentNotFound(subject, e);
        }
    }

    private ContentNotFoundException AsContentNotFound(string subject, RegistryException e) =>
        new(subject, $"{Registry}/{Repository}: {subject} not found ({e.Message})", e);
}
