namespace Kit.Core.Credentials;

/// <summary>
/// Maps a registry host to the key Docker-format credential files use, and back. Docker Hub is stored under its
/// historical v1 URL, which every Docker-compatible tool expects.
/// </summary>
internal static class ServerAddress
{
    public const string DockerHubKey = "https://index.docker.io/v1/";

    public static string ToKey(string registry)
    {
        var host = ToHost(registry);
        return host is "docker.io" or "index.docker.io" or "registry-1.docker.io" ? DockerHubKey : host;
    }

    /// <summary>The host[:port] of a key, accepting legacy URL keys such as <c>https://host/v1/</c>.</summary>
    public static string ToHost(string key)
    {
        var host = key.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            host = host[(scheme + 3)..];
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
            host = host[..slash];
        host = host.ToLowerInvariant();
        return host == "index.docker.io" ? "docker.io" : host;
    }
}
