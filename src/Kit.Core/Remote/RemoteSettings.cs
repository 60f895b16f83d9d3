namespace Kit.Core.Remote;

/// <summary>
/// How to reach registries for one run: the network flags after validation.
/// One value serves every registry the command talks to.
/// </summary>
public sealed record RemoteSettings
{
    /// <summary>Talk <c>http://</c>. Never switched on automatically, not even for localhost: the user asks for it.</summary>
    public bool PlainHttp { get; init; }

    /// <summary>Whether the registry's TLS certificate must be valid; false only for test registries with self-signed certificates.</summary>
    public bool TlsVerify { get; init; } = true;

    /// <summary>PEM files of CA certificates to trust for registry TLS besides the system's (<c>--tls-cert</c>).</summary>
    public IReadOnlyList<string> TrustedCertificateFiles { get; init; } = [];

    /// <summary>PEM client certificate for mutual TLS; set together with <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM private key for <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Explicit proxy; null means HTTP(S)_PROXY / NO_PROXY from the environment.</summary>
    public Uri? Proxy { get; init; }

    /// <summary>Parallel blob transfers (and manifest lookups when listing).</summary>
    public int Concurrency { get; init; } = 5;

    /// <summary>The default <see cref="UploadChunkSize"/>: 100 MiB, KitOps's value.</summary>
    public const long DefaultUploadChunkSize = 100L << 20;

    /// <summary>Blobs up to this size go in one PUT, larger ones in PATCH chunks of this size (<c>KIT_UPLOAD_CHUNK_MIB</c>).</summary>
    public long UploadChunkSize { get; init; } = DefaultUploadChunkSize;

    /// <summary>
    /// How long a registry may keep a request waiting without a byte moving (an upload it takes nothing of, an answer
    /// that does not come, a download that sends nothing) before kit gives the request up and resumes or retries it;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits forever. Default 30 s (<c>KIT_STALL_TIMEOUT</c> for the CLI).
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Version in the <c>kitops-cli/&lt;version&gt;</c> User-Agent.</summary>
    public string Version { get; init; } = "dev";

    /// <summary>The defaults: HTTPS with verified certificates, no proxy override, 5 concurrent transfers.</summary>
    public static RemoteSettings Default { get; } = new();
}
