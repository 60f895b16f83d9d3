using System.Net;
using System.Net.Http.Headers;

namespace Kit.Oci.Remote;

public sealed partial class RemoteRepository
{
    private const int UploadBufferSize = 1 << 20;

    /// <summary>
    /// Uploads a blob: one PUT below <see cref="RemoteRepositoryOptions.MonolithicThreshold"/> or for hosts that refuse
    /// chunks, otherwise PATCH chunks and a closing PUT. The source is streamed, never buffered. When the upload
    /// breaks (connection lost, 5xx, session lost) it starts over with a new session and a fresh source from
    /// <paramref name="openSource"/>, up to <see cref="RemoteRepositoryOptions.UploadAttempts"/> times.
    /// </summary>
    /// <param name="openSource">Opens the blob content from its first byte; called once per attempt, the stream is disposed here.</param>
    /// <param name="progress">Bytes of this blob sent in the current attempt (restarts go back to 0).</param>
    public async Task PushBlobAsync(Descriptor descriptor, Func<Stream> openSource, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await WithRestartsAsync(descriptor, async () =>
        {
            var location = await StartUploadAsync(descriptor, null, cancellationToken).ConfigureAwait(false);
            await UploadAsync(location!, descriptor, openSource, progress, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the registry to link a blob from <paramref name="fromRepository"/> on the same registry (no data moves).
    /// Returns true when mounted (201). When the registry answers 202 instead, it has opened an ordinary upload:
    /// the blob is uploaded through it from <paramref name="fallbackSource"/> (if given) and false is returned.
    /// </summary>
    public async Task<bool> MountBlobAsync(Descriptor descriptor, string fromRepository, Func<Stream>? fallbackSource,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var mounted = false;
        var first = true;
        await WithRestartsAsync(descriptor, async () =>
        {
            // A broken fallback upload restarts as a plain upload: asking to mount again would give the same 202.
            var location = await StartUploadAsync(descriptor, first ? fromRepository : null, cancellationToken).ConfigureAwait(false);
            first = false;
            if (location is null)
            {
                mounted = true;
                return;
            }
            if (fallbackSource is null)
            {
                await CancelUploadAsync(location).ConfigureAwait(false);
                return;
            }
            await UploadAsync(location, descriptor, fallbackSource, progress, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return mounted;
    }

    private async Task WithRestartsAsync(Descriptor descriptor, Func<Task> attempt, CancellationToken cancellationToken)
    {
        for (var n = 0; ; n++)
        {
            try
            {
                await attempt().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (n + 1 < Options.UploadAttempts && !cancellationToken.IsCancellationRequested && IsRestartable(e))
            {
                await Task.Delay(Options.RestartPolicy.Backoff(n, Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Errors after which a new session may succeed. A digest the registry rejects will be rejected again.
    private static bool IsRestartable(Exception e) => e switch
    {
        RegistryException r => Retry.RetryPolicy.IsRetryableStatus(r.StatusCode)
                               || r.HasErrorCode("BLOB_UPLOAD_UNKNOWN") || r.HasErrorCode("BLOB_UPLOAD_INVALID")
                               || r.HasErrorCode("PROTOCOL") && r.StatusCode == HttpStatusCode.Accepted,
        OperationCanceledException => true, // a timeout: the caller's own cancellation is filtered out before
        _ => Retry.RetryPolicy.IsTransient(e),
    };

    /// <summary>POST to open an upload session (or mount); returns its URL, or null when a mount succeeded.</summary>
    private async Task<Uri?> StartUploadAsync(Descriptor descriptor, string? mountFrom, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseUri, "blobs/uploads/");
        if (mountFrom is not null)
            uri = UploadLocation.WithQuery(UploadLocation.WithQuery(uri, "mount", descriptor.Digest.ToString()), "from", mountFrom);
        var operation = mountFrom is null ? "push blob" : "mount blob";
        using var request = NewRequest(HttpMethod.Post, uri, Push, mountFrom);
        request.Content = new ByteArrayContent([]);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Created && mountFrom is not null)
                return null;
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw await FailAsync(response, operation, descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
            return UploadLocation.FromResponse(response)
                ?? throw Protocol(operation, descriptor.Digest.ToString(), response, "upload session opened without a Location header");
        }
    }

    private async Task UploadAsync(Uri location, Descriptor descriptor, Func<Stream> openSource, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(0);
        var source = openSource();
        await using (source.ConfigureAwait(false))
        {
            var read = progress is null ? source : new ProgressReadStream(source, progress);
            if (descriptor.Size < Options.MonolithicThreshold || ChunkingRules.RequiresMonolithic(location.Host))
                await PutMonolithicAsync(location, descriptor, read, cancellationToken).ConfigureAwait(false);
            else
                await PutChunkedAsync(location, descriptor, read, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PutMonolithicAsync(Uri location, Descriptor descriptor, Stream source, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Put, UploadLocation.WithQuery(location, "digest", descriptor.Digest.ToString()), Push);
        request.Content = Body(source, descriptor.Size);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ExpectCreatedAsync(response, descriptor, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutChunkedAsync(Uri location, Descriptor descriptor, Stream source, CancellationToken cancellationToken)
    {
        var subject = descriptor.Digest.ToString();
        for (long offset = 0; offset < descriptor.Size;)
        {
            var length = Math.Min(Options.ChunkSize, descriptor.Size - offset);
            var last = offset + length - 1;
            using (var request = NewRequest(HttpMethod.Patch, location, Push))
            {
                request.Content = Body(source, length);
                // Spec form "<start>-<end>", without the "bytes " of RFC 9110 ranges.
                request.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{last}");
                using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Accepted)
                    throw await FailAsync(response, "push blob", subject, cancellationToken).ConfigureAwait(false);
                if (response.Headers.TryGetValues("Range", out var ranges) && ranges.FirstOrDefault() is { } range && range.Trim() != $"0-{last}")
                    throw Protocol("push blob", subject, response, $"registry has bytes {range}, expected 0-{last}");
                location = UploadLocation.FromResponse(response)
                    ?? throw Protocol("push blob", subject, response, "chunk accepted without a Location header");
            }
            offset += length;
        }
        using var close = NewRequest(HttpMethod.Put, UploadLocation.WithQuery(location, "digest", subject), Push);
        close.Content = new ByteArrayContent([]);
        using var closed = await SendAsync(close, cancellationToken).ConfigureAwait(false);
        await ExpectCreatedAsync(closed, descriptor, cancellationToken).ConfigureAwait(false);
    }

    // A slice of the one open source: chunk after chunk without seeking or buffering.
    private static StreamContent Body(Stream source, long length)
    {
        var content = new StreamContent(new SliceReadStream(source, length), UploadBufferSize);
        content.Headers.ContentLength = length;
        content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OctetStream);
        return content;
    }

    private async Task ExpectCreatedAsync(HttpResponseMessage response, Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (response.StatusCode != HttpStatusCode.Created)
            throw await FailAsync(response, "push blob", descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
    }

    // Best effort: an abandoned session would otherwise linger until the registry's upload purge.
    private async Task CancelUploadAsync(Uri location)
    {
        try
        {
            using var request = NewRequest(HttpMethod.Delete, location, Push);
            using var _ = await SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException) { }
    }
}
