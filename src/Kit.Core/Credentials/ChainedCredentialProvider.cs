using Kit.Oci.Remote.Auth;

namespace Kit.Core.Credentials;

/// <summary>Asks each provider in turn; the first credential wins.</summary>
internal sealed class ChainedCredentialProvider : ICredentialProvider
{
    private readonly IReadOnlyList<ICredentialProvider> _providers;

    public ChainedCredentialProvider(params IReadOnlyList<ICredentialProvider> providers) => _providers = providers;

    public async ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default)
    {
        foreach (var provider in _providers)
        {
            if (await provider.GetCredentialAsync(registry, cancellationToken).ConfigureAwait(false) is { IsEmpty: false } credential)
                return credential;
        }
        return null;
    }
}
