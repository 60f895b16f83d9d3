using Kit.Oci.Remote;
using Kit.Oci.Remote.Auth;

namespace Kit.Core.Remote;

/// <summary>
/// Turns the <see cref="RegistryRequestContext"/> that <see cref="RemoteRepository"/> puts on every request into
/// token scopes for <see cref="AuthHandler"/>. Without them a Bearer registry costs a 401 round-trip per request,
/// because the handler can only learn the scope from each challenge.
/// </summary>
internal sealed class RequestScopeHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RegistryRequestContext.Get(request) is { Repository: { } repository } context && context.Actions.Count > 0)
        {
            request.WithScopes(Scope.Repository(repository, [.. context.Actions]));
            if (context.MountFrom is { } from)
                request.WithScopes(Scope.RepositoryPull(from));
        }
        return base.SendAsync(request, cancellationToken);
    }
}
