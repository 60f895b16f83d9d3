using Kit.Oci.Remote.Auth;

namespace Kit.Core.Credentials;

/// <summary>Where kit finds credentials: its own file first, then Docker's config (read-only).</summary>
internal static class KitCredentials
{
    public const string FileName = "credentials.json";

    /// <summary>The store <c>kit login</c>/<c>logout</c> write to.</summary>
    public static CredentialStore OpenStore(string kitopsHome, Func<string, string?>? environment = null) =>
        new(System.IO.Path.Combine(kitopsHome, FileName), (environment ?? Environment.GetEnvironmentVariable)("PATH"));

    /// <summary><c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>; null when neither can be named.</summary>
    public static string? DockerConfigPath(Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        if (env("DOCKER_CONFIG") is { Length: > 0 } dir)
            return System.IO.Path.Combine(dir, "config.json");
        var home = env("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : System.IO.Path.Combine(home, ".docker", "config.json");
    }

    /// <summary>The lookup chain for registry requests.</summary>
    public static ICredentialProvider CreateProvider(string kitopsHome, Func<string, string?>? environment = null)
    {
        var env = environment ?? Environment.GetEnvironmentVariable;
        var providers = new List<ICredentialProvider> { OpenStore(kitopsHome, env) };
        if (DockerConfigPath(env) is { } docker)
            providers.Add(new CredentialStore(docker, env("PATH")));
        return new ChainedCredentialProvider(providers);
    }
}
