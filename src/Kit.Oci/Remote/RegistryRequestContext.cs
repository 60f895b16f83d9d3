namespace Kit.Oci.Remote;

/// <summary>
/// What a request is for, attached to every request <see cref="RemoteRepository"/> sends, so handlers further
/// down (auth: token scopes; logging) can act per request without client state.
/// </summary>
/// <param name="Registry">Registry host[:port] as addressed.</param>
/// <param name="Repository">Repository name, e.g. <c>org/model</c>; null for registry-wide requests.</param>
/// <param name="Actions">Repository actions the request needs: <c>pull</c>, <c>push</c>, <c>delete</c>.</param>
/// <param name="MountFrom">Source repository of a cross-repository mount (needs <c>pull</c> there).</param>
internal sealed record RegistryRequestContext(string Registry, string? Repository, IReadOnlyList<string> Actions, string? MountFrom = null)
{
    public static readonly HttpRequestOptionsKey<RegistryRequestContext> Key = new("Kit.Oci.Remote.RegistryRequestContext");

    public static RegistryRequestContext? Get(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var value) ? value : null;
}
