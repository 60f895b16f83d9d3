using Kit.Core.Remote;

namespace Kit.Core.Client;

/// <summary>How a <see cref="KitClient"/> finds its store and credentials and reaches registries.</summary>
public sealed record KitClientOptions
{
    /// <summary>
    /// kit's home directory (store, credentials, cache). Null resolves it as the <c>kit</c> command does:
    /// <c>$KITOPS_HOME</c>, else <c>$XDG_DATA_HOME/kitops</c>, else <c>~/.local/share/kitops</c>.
    /// </summary>
    public string? Home { get; init; }

    /// <summary>Network settings for every registry this client talks to: plain HTTP, TLS verification, client certificate, proxy, concurrency.</summary>
    public RemoteSettings Network { get; init; } = new() { Version = KitClient.Version };

    /// <summary>Receives what the <c>kit</c> command would log (store migration, pulled parents, warnings); null drops them.</summary>
    public IProgress<KitMessage>? Messages { get; init; }

    /// <summary>
    /// Where <c>KITOPS_HOME</c>, <c>XDG_DATA_HOME</c>, <c>HOME</c>, <c>DOCKER_CONFIG</c>, <c>KIT_FSYNC</c>, <c>SOURCE_DATE_EPOCH</c> and <c>PATH</c>
    /// (for Docker credential helpers) are read; null reads the process environment.
    /// </summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>Extra HTTP handlers (each made once), placed inside authentication: for example request tracing.</summary>
    public IReadOnlyList<Func<DelegatingHandler>> HttpHandlers { get; init; } = [];
}
