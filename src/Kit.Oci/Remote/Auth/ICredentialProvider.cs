namespace Kit.Oci.Remote.Auth;

/// <summary>Finds the credential for a registry host (<c>host[:port]</c>, as in the request URI's authority).</summary>
internal interface ICredentialProvider
{
    /// <returns>The credential, or null when none is configured (the request then goes anonymous).</returns>
    ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default);
}
