namespace Kit.Oci.Remote;

/// <summary>
/// Lets handlers that resend a request (retry, auth after a 401) recreate its body. A request is replayable when
/// it has no content, buffered content, or a factory set with <see cref="Set"/>; streamed bodies without a factory
/// are sent once, because a half-read stream cannot be sent again.
/// </summary>
public static class ReplayableContent
{
    public static readonly HttpRequestOptionsKey<Func<HttpContent>> FactoryKey = new("Kit.Oci.Remote.ContentFactory");

    /// <summary>Sets <paramref name="factory"/>'s first content on the request and keeps the factory for resends.</summary>
    public static void Set(HttpRequestMessage request, Func<HttpContent> factory)
    {
        request.Options.Set(FactoryKey, factory);
        request.Content = factory();
    }

    public static bool CanReplay(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent or ReadOnlyMemoryContent
        || request.Options.TryGetValue(FactoryKey, out _);

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
