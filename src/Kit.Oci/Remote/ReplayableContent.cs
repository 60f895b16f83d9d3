namespace Kit.Oci.Remote;

/// <summary>
/// The one way handlers that resend a request (auth after a 401 challenge, retry after a transient failure) get its
/// body again. A request is replayable when it has no content, buffered content, or a factory set with
/// <see cref="WithContentFactory"/>; a streamed body without a factory is sent once, because a half-read stream
/// cannot be sent again.
/// </summary>
internal static class ReplayableContent
{
    public static readonly HttpRequestOptionsKey<Func<HttpContent>> FactoryKey = new("Kit.Oci.Remote.ContentFactory");

    private static readonly HttpRequestOptionsKey<bool> NotAfterFailureKey = new("Kit.Oci.Remote.NoReplayAfterFailure");

    /// <summary>Sets <paramref name="factory"/>'s first content on the request and keeps the factory for resends.</summary>
    /// <param name="request">The request to give the content.</param>
    /// <param name="factory">Creates a fresh content per send; called again for each resend.</param>
    /// <param name="replayAfterFailure">
    /// Whether a send that failed midway (connection lost, timeout, 5xx) may be repeated as is. False for a body the
    /// server may have partly kept, such as a blob upload, whose sender resumes from the server's own account instead.
    /// A request refused with a challenge (401) is answered before its body counts, so it is always replayed.
    /// </param>
    public static HttpRequestMessage WithContentFactory(this HttpRequestMessage request, Func<HttpContent> factory, bool replayAfterFailure = true)
    {
        request.Options.Set(FactoryKey, factory);
        if (!replayAfterFailure)
            request.Options.Set(NotAfterFailureKey, true);
        request.Content = factory();
        return request;
    }

    /// <summary>Whether the request can be sent again after the server refused it (a 401 challenge).</summary>
    public static bool CanReplay(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent or ReadOnlyMemoryContent
        || request.Options.TryGetValue(FactoryKey, out _);

    /// <summary>Whether the request can be sent again after a send that failed midway.</summary>
    public static bool CanReplayAfterFailure(HttpRequestMessage request) =>
        CanReplay(request) && !request.Options.TryGetValue(NotAfterFailureKey, out _);

    /// <summary>Gives the request a fresh body before it is sent again. Call only when <see cref="CanReplay"/> is true.</summary>
    public static void Rewind(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(FactoryKey, out var factory))
            return;
        var old = request.Content;
        var fresh = factory();
        // Content headers set by the caller (e.g. Content-Type) belong to the new body too.
        if (old is not null)
        {
            foreach (var header in old.Headers)
            {
                if (!fresh.Headers.Contains(header.Key))
                    fresh.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            old.Dispose();
        }
        request.Content = fresh;
    }
}
