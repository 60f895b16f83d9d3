using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Kit.Oci.Remote;

public sealed partial class RemoteRepository
{
    private const int UploadBufferSize = 1 << 20;

    /// <summary>
    /// Uploads a blob: one PUT below <see cref="RemoteRepositoryOptions.MonolithicThreshold"/> or for hosts that refuse
    /// chunks, otherwise PATCH chunks and a closing PUT. The source is streamed, never buffered. A broken chunk is sent
    /// again from the offset the registry reports for the session; only when the registry cannot say (the session is
    /// lost, or the upload was one PUT) does the upload start over with a new session, up to
    /// <see cref="RemoteRepositoryOptions.UploadAttempts"/> times.
    /// </summary>
    /// <param name="openAt">Opens the blob content positioned at the given offset (0 for a new session); the stream is
    /// disposed here. A seekable stream is seeked instead of reopened.</param>
    /// <param name="progress">How far into the blob the upload is (back to 0 when it starts over).</param>
    /// <param name="descriptor">The blob; its digest and size are what the bytes must match.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task PushBlobAsync(Descriptor descriptor, Func<long, Stream> openAt, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        await PushBlobAsync(descriptor, () => UploadSource.At(openAt, progress), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="PushBlobAsync(Descriptor, Func{long, Stream}, IProgress{long}?, CancellationToken)"/>
    /// <param name="openSource">Opens the blob content from its first byte; to go on at an offset the stream is
    /// seeked, or read up to it when it cannot seek.</param>
    /// <param name="descriptor">The blob; its digest and size are what the bytes must match.</param>
    /// <param name="progress">How far into the blob the upload is (back to 0 when it starts over).</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task PushBlobAsync(Descriptor descriptor, Func<Stream> openSource, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        await PushBlobAsync(descriptor, () => UploadSource.FromStart(openSource, progress), cancellationToken).ConfigureAwait(false);

    private async Task PushBlobAsync(Descriptor descriptor, Func<UploadSource> source, CancellationToken cancellationToken)
    {
        await WithRestartsAsync(descriptor, async () =>
        {
            var location = await StartUploadAsync(descriptor, null, cancellationToken).ConfigureAwait(false);
            await UploadAsync(location!, descriptor, source, cancellationToken).ConfigureAwait(false);
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
            await UploadAsync(location, descriptor, () => UploadSource.FromStart(fallbackSource, progress), cancellationToken).ConfigureAwait(false);
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
                await Task.Delay(Options.RestartPolicy.RandomBackoff(n), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Errors after which a new session may succeed. A digest the registry rejects will be rejected again.
    private static bool IsRestartable(Exception e) => e switch
    {
        RegistryException r => Retry.RetryPolicy.IsRetryableStatus(r.StatusCode) || IsSessionLost(r)
                               || r.HasErrorCode("PROTOCOL") && r.StatusCode == HttpStatusCode.Accepted,
        OperationCanceledException => true, // a timeout: the caller's own cancellation is filtered out before
        _ => Retry.RetryPolicy.IsTransient(e),
    };

    // Errors after which the same session may go on; once the registry has lost it, only a new one helps.
    private static bool IsResumable(Exception e) => IsRestartable(e) && !(e is RegistryException r && IsSessionLost(r));

    private static bool IsSessionLost(RegistryException e) => e.HasErrorCode("BLOB_UPLOAD_UNKNOWN") || e.HasErrorCode("BLOB_UPLOAD_INVALID");

    /// <summary>POST to open an upload session (or mount); returns its URL, or null when a mount succeeded.</summary>
    private async Task<Uri?> StartUploadAsync(Descriptor? descriptor, string? mountFrom, CancellationToken cancellationToken)
    {
        var subject = descriptor?.Digest.ToString();
        var uri = new Uri(BaseUri, "blobs/uploads/");
        if (mountFrom is not null)
            uri = UploadLocation.WithQuery(UploadLocation.WithQuery(uri, "mount", subject!), "from", mountFrom);
        var operation = mountFrom is null ? "push blob" : "mount blob";
        using var request = NewRequest(HttpMethod.Post, uri, Push, mountFrom);
        request.Content = new ByteArrayContent([]);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Created && mountFrom is not null)
                return null;
            if (response.StatusCode != HttpStatusCode.Accepted)
                throw await FailAsync(response, operation, subject, cancellationToken).ConfigureAwait(false);
            return UploadLocation.FromResponse(response)
                ?? throw Protocol(operation, subject, response, "upload session opened without a Location header");
        }
    }

    private async Task UploadAsync(Uri location, Descriptor descriptor, Func<UploadSource> openSource, CancellationToken cancellationToken)
    {
        var source = openSource();
        await using (source.ConfigureAwait(false))
        {
            source.MoveTo(0);
            if (descriptor.Size < Options.MonolithicThreshold || RequiresMonolithic(location))
                await PutMonolithicAsync(location, descriptor, source, cancellationToken).ConfigureAwait(false);
            else
                await PutChunkedAsync(location, descriptor, source, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PutMonolithicAsync(Uri location, Descriptor descriptor, UploadSource source, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Put, UploadLocation.WithQuery(location, "digest", descriptor.Digest.ToString()), Push);
        SetBody(request, source, 0, descriptor.Size, chunk: false);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        await ExpectCreatedAsync(response, descriptor, cancellationToken).ConfigureAwait(false);
    }

    private async Task PutChunkedAsync(Uri location, Descriptor descriptor, UploadSource source, CancellationToken cancellationToken)
    {
        var subject = descriptor.Digest.ToString();
        location = await PatchRangeAsync(location, subject, source, 0, descriptor.Size, cancellationToken).ConfigureAwait(false);
        await CloseUploadAsync(location, descriptor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// PATCHes bytes <paramref name="offset"/> up to <paramref name="end"/> of <paramref name="source"/> in chunks of
    /// <see cref="RemoteRepositoryOptions.ChunkSize"/>. A broken chunk goes again from the offset the registry reports
    /// (up to <see cref="RemoteRepositoryOptions.UploadAttempts"/> times in a row); returns the session's next URL.
    /// </summary>
    private async Task<Uri> PatchRangeAsync(Uri location, string? subject, UploadSource source, long offset, long end, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (offset < end)
        {
            try
            {
                (location, offset) = await PatchAsync(location, subject, source, offset, Math.Min(Options.ChunkSize, end - offset), cancellationToken)
                    .ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception e) when (++failures < Options.UploadAttempts && !cancellationToken.IsCancellationRequested && IsResumable(e))
            {
                await Task.Delay(Options.RestartPolicy.RandomBackoff(failures - 1), cancellationToken).ConfigureAwait(false);
                // Throws when the registry no longer knows the session, and the upload then starts over.
                (location, offset) = await GetUploadStatusAsync(location, subject, cancellationToken).ConfigureAwait(false);
            }
        }
        return location;
    }

    /// <summary>The closing PUT of a chunked session, naming the digest the registry must find.</summary>
    private async Task CloseUploadAsync(Uri location, Descriptor descriptor, CancellationToken cancellationToken)
    {
        using var close = NewRequest(HttpMethod.Put, UploadLocation.WithQuery(location, "digest", descriptor.Digest.ToString()), Push);
        close.Content = new ByteArrayContent([]);
        using var closed = await SendAsync(close, cancellationToken).ConfigureAwait(false);
        await ExpectCreatedAsync(closed, descriptor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends one chunk; returns the session's next URL and how many bytes the registry now has.</summary>
    private async Task<(Uri Location, long Offset)> PatchAsync(Uri location, string? subject, UploadSource source, long offset, long length,
        CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Patch, location, Push);
        SetBody(request, source, offset, length, chunk: true);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw await FailAsync(response, "push blob", subject, cancellationToken).ConfigureAwait(false);
        var next = UploadLocation.FromResponse(response) ?? throw Protocol("push blob", subject, response, "chunk accepted without a Location header");
        // A registry may keep less than it was sent (then the rest goes again), never more.
        var kept = LastByte(response) + 1 ?? offset + length;
        if (kept <= offset || kept > offset + length)
            throw Protocol("push blob", subject, response, $"registry has bytes 0-{kept - 1}, expected 0-{offset + length - 1}");
        return (next, kept);
    }

    /// <summary>Asks the registry how much of the session it has (GET on the upload URL: 204 with <c>Range</c>).</summary>
    private async Task<(Uri Location, long Offset)> GetUploadStatusAsync(Uri location, string? subject, CancellationToken cancellationToken)
    {
        using var request = NewRequest(HttpMethod.Get, location, Push);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.OK))
            throw await FailAsync(response, "push blob", subject, cancellationToken).ConfigureAwait(false);
        // Registries answer "0-0" for an empty session too; sessions here only ever stop after whole buffers, not at 1 byte.
        var kept = LastByte(response) is { } last and > 0 ? last + 1 : 0;
        return (UploadLocation.FromResponse(response) ?? location, kept);
    }

    /// <summary>The last byte in <c>Range: 0-&lt;last&gt;</c> (the spec form, without <c>bytes </c>); null when absent.</summary>
    private static long? LastByte(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Range", out var values) || values.FirstOrDefault()?.Trim() is not { } range)
            return null;
        var dash = range.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(range.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : null;
    }

    /// <summary>
    /// Gives the request <paramref name="length"/> bytes of the blob from <paramref name="offset"/> as its body: a slice
    /// of the one open source (no buffering), made again from the same offset when the auth handler must resend it.
    /// Never repeated blindly after a failure: the registry may have kept part of it, so the upload asks first.
    /// </summary>
    private static void SetBody(HttpRequestMessage request, UploadSource source, long offset, long length, bool chunk) =>
        request.WithContentFactory(() =>
        {
            source.MoveTo(offset);
            var content = new StreamContent(new SliceReadStream(source, length), UploadBufferSize);
            content.Headers.ContentLength = length;
            content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.OctetStream);
            if (chunk)
                // Spec form "<start>-<end>", without the "bytes " of RFC 9110 ranges.
                content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + length - 1}");
            return content;
        }, replayAfterFailure: false);

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
