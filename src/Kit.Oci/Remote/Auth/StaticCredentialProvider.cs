namespace Kit.Oci.Remote.Auth;

/// <summary>Fixed credentials per host; used by <c>kit login</c> to validate before storing, and by tests.</summary>
internal sealed class StaticCredentialProvider : ICredentialProvider
{
    private readonly Dictionary<string, RegistryCredential> _byHost = new(StringComparer.OrdinalIgnoreCase);

    public StaticCredentialProvider() { }

    public StaticCredentialProvider(string registry, RegistryCredential credential) => Add(registry, credential);

    public static StaticCredentialProvider Anonymous { get; } = new();

    public StaticCredentialProvider Add(string registry, RegistryCredential credential)
    {
        _byHost[registry] = credential;
        return this;
    }

    public ValueTask<RegistryCredential?> GetCredentialAsync(string registry, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_byHost.TryGetValue(registry, out var credential) ? credential : null);
}
