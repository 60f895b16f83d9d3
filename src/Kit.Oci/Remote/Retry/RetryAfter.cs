using System.Net;

namespace Kit.Oci.Remote.Retry;

/// <summary>Reads <c>Retry-After</c> (delta seconds or HTTP date, RFC 9110 §10.2.3).</summary>
internal static class RetryAfter
{
    public static TimeSpan? Get(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable))
            return null;
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
