using Kit.Core.Credentials;
using Kit.Oci.Remote.Auth;

namespace Kit.Core.Remote;

/// <summary>
/// <c>kit login</c>: checks a credential against the registry (<c>GET /v2/</c>, following its challenge) and only
/// then stores it. The secret never reaches a message.
/// </summary>
internal sealed class RegistryLogin(RemoteSettings settings, CredentialStore store, params IReadOnlyList<Func<DelegatingHandler>> outerHandlers)
{
    public async Task LoginAsync(string registry, RegistryCredential credential, CancellationToken cancellationToken = default)
    {
        var provider = new StaticCredentialProvider(registry, credential);
        // Docker Hub's credentials are stored under docker.io but checked against its API host.
        var apiHost = registry == "docker.io" ? "registry-1.docker.io" : registry;
        if (apiHost != registry)
            provider.Add(apiHost, credential);
        using (var clients = new RegistryClients(settings, provider, outerHandlers))
        {
            try
            {
                await clients.PingAsync(apiHost, cancellationToken).ConfigureAwait(false);
            }
            catch (AuthenticationException e)
            {
                throw new RegistryAccessException(registry, RegistryFailureKind.Authentication,
                    $"login to {registry} failed: {e.Reason}; check the username and password", e, settings.PlainHttp);
            }
            catch (Exception e) when (RemoteFailure.Translate(e, registry, registry, settings.PlainHttp) is { } translated)
            {
                throw translated;
            }
        }
        await store.StoreAsync(registry, credential, cancellationToken).ConfigureAwait(false);
    }
}
