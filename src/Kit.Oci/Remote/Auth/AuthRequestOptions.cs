namespace Kit.Oci.Remote.Auth;

/// <summary>
/// Per-request data for handlers. Scopes travel on the request so one handler instance serves pulls, pushes and
/// mounts at once without shared mutable state.
/// </summary>
internal static class AuthRequestOptions
{
    /// <summary>Token scopes this request needs, e.g. <c>repository:org/model:pull,push</c>.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyList<string>> Scopes = new("kit.auth.scopes");

    public static HttpRequestMessage WithScopes(this HttpRequestMessage request, params IEnumerable<string> scopes)
    {
        var merged = Scope.Merge(request.GetScopes().Concat(scopes));
        request.Options.Set(Scopes, merged);
        return request;
    }

    public static IReadOnlyList<string> GetScopes(this HttpRequestMessage request) =>
        request.Options.TryGetValue(Scopes, out var scopes) ? scopes : [];
}
