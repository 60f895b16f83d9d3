using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Kit.Oci.Remote.Retry;

/// <summary>
/// When and how long to wait before resending. Defaults follow oras-go's <c>retry.DefaultPolicy</c>, which KitOps
/// uses: 5 retries, 250 ms·2ⁿ ±10 % clamped to 200 ms–3 s.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>Resends after the first attempt; 0 disables retrying.</summary>
    public int MaxRetries { get; init; } = 5;
    /// <summary>Backoff before the first retry, before jitter and clamping.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Multiplier applied to the backoff for each further retry.</summary>
    public double Factor { get; init; } = 2;
    /// <summary>Random spread as a fraction of the backoff: 0.1 means ±10 %.</summary>
    public double Jitter { get; init; } = 0.1;
    /// <summary>Lower clamp on each backoff, applied after jitter.</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    /// <summary>Upper clamp on each backoff, applied after jitter.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A <c>Retry-After</c> longer than this is not waited for: the response goes back to the caller.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The oras-go defaults described on <see cref="RetryPolicy"/>; shared and immutable.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>Backoff before retry number <paramref name="retry"/> (0-based).</summary>
    public TimeSpan Backoff(int retry, double random01)
    {
        var ms = BaseDelay.TotalMilliseconds * Math.Pow(Factor, retry);
        ms *= 1 + Jitter * (2 * random01 - 1);
        return TimeSpan.FromMilliseconds(Math.Clamp(ms, MinDelay.TotalMilliseconds, MaxDelay.TotalMilliseconds));
    }

    /// <summary><see cref="Backoff(int, double)"/> with a random jitter.</summary>
    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Jitter only spreads retries of concurrent clients apart; nobody gains from predicting it.")]
    public TimeSpan RandomBackoff(int retry) => Backoff(retry, Random.Shared.NextDouble());

    /// <summary>408, 429 and the 5xx that mean "try again later"; 501/505 never get better.</summary>
    public static bool IsRetryableStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    /// <summary>
    /// Connection-level failures worth another attempt; TLS, DNS and protocol errors are not, and neither is content that
    /// failed its digest check (an upload's source read it wrong, and would again).
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        Layout.ContentIntegrityException or HttpRequestException { InnerException: Layout.ContentIntegrityException } => false,
        HttpRequestException h => h.HttpRequestError switch
        {
            HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.ProxyTunnelError => true,
            HttpRequestError.Unknown => h.InnerException is IOException or System.Net.Sockets.SocketException,
            _ => false,
        },
        IOException => true,
        _ => false,
    };
}
