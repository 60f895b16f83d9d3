using System.Net.Security;

namespace Kit.Oci.Remote;

/// <summary>Transport settings shared by every registry request of one run (flags <c>--tls-verify</c>, <c>--cert</c>, <c>--key</c>, <c>--proxy</c>).</summary>
internal sealed record RegistryHttpClientOptions
{
    /// <summary>Value of the User-Agent header's product version: <c>kitops-cli/&lt;version&gt;</c>.</summary>
    public string Version { get; init; } = "dev";

    /// <summary>False skips server certificate verification (<c>--tls-verify=false</c>).</summary>
    public bool TlsVerify { get; init; } = true;

    /// <summary>PEM files of CA certificates trusted besides the system's (<c>--tls-cert</c>).</summary>
    public IReadOnlyList<string> TrustedCertificateFiles { get; init; } = [];

    /// <summary>Custom server certificate check (e.g. pin a test certificate); wins over <see cref="TlsVerify"/>.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>PEM client certificate for mutual TLS; needs <see cref="ClientKeyFile"/> too.</summary>
    public string? ClientCertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Proxy for every request; null uses HTTP(S)_PROXY / NO_PROXY from the environment.</summary>
    public Uri? Proxy { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections per registry host; transfers beyond it queue inside the handler.</summary>
    public int MaxConnectionsPerServer { get; init; } = 32;

    /// <summary>The default <see cref="StallTimeout"/>.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a request may wait on the registry without a byte moving (sending the body, waiting for the answer,
    /// reading the answer's body) before it is given up and retried or resumed; <see cref="Timeout.InfiniteTimeSpan"/>
    /// waits forever.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = DefaultStallTimeout;

    /// <summary>Hears of each request retried and each stalled transfer, so a front end can tell the user.</summary>
    public Action<Retry.RetryNotice>? OnRetry { get; init; }

    /// <summary>Retries for replayable requests; null disables the retry handler.</summary>
    public Retry.RetryPolicy? Retry { get; init; } = Kit.Oci.Remote.Retry.RetryPolicy.Default;
}
