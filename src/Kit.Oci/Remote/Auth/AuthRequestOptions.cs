namespace Kit.Oci.Remote.Auth;

/// <summary>
/// Per-request data for handlers. Scopes travel on the request so one handler instance serves pulls, pushes and
/// mounts at once without shared mutable state.
/// </summary>
public static class AuthRequestOptions
{
    /// <summary>Token scopes this request needs, e.g. <c>repository:org/model:pull,push</c>.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<string>> Scopes = new("kit.auth.scopes");

    /// <summary>
    /// Makes a fresh copy of the request body. Set it for every request with content that a handler may resend
    /// (after a 401 challenge, or a retry): a consumed stream cannot be sent twice. Handlers call it before each
    /// resend and replace <see cref="HttpRequestMessage.Content"/> with the result.
    /// </summary>
    public static readonly HttpRequestOptionsKey<Func<HttpContent>> ContentFactory = new("kit.content-factory");

    public static HttpRequestMessage WithScopes(this HttpRequestMessage request, params IEnumerable<string> scopes)
    {
        var merged = Scope.Merge(request.GetScopes().Concat(scopes));
        request.Options.Set(Scopes, merged);
        return request;
    }

    public static IReadOnlyList<string> GetScopes(this HttpRequestMessage request) =>
        request.Options.TryGetValue(Scopes, out var scopes) ? scopes : [];

    /// <summary>Sets the content factory and the first content it makes.</summary>
    public static HttpRequestMessage WithContentFactory(this HttpRequestMessage request, Func<HttpContent> factory)
    {
        request.Options.Set(ContentFactory, factory);
        request.Content = factory();
        return request;
    }

    /// <summary>
    /// Prepares the request to be sent again: true when it has no body or its body can be recreated
    /// (the new body is already in place).
    /// </summary>
    public static bool TryRewindContent(this HttpRequestMessage request)
    {
        if (request.Content is null)
            return true;
        if (!request.Options.TryGetValue(ContentFactory, out var factory))
            return false;
        var old = request.Content;
        request.Content = factory();
        old.Dispose();
        return true;
    }

    public static bool CanResend(this HttpRequestMessage request) =>
        request.Content is null || request.Options.TryGetValue(ContentFactory, out _);
}
