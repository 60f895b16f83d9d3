using System.Net;
using Kit.Oci.Remote.Stall;

namespace Kit.Oci.Remote.Retry;

/// <summary>
/// A request is about to be tried again: after <see cref="Error"/> or an answer with <see cref="Status"/>, in
/// <see cref="Delay"/>; or (<see cref="Retry"/> 0) a stalled transfer given up, which its sender resumes.
/// </summary>
/// <param name="Registry">Host and port of the request.</param>
/// <param name="Method">The request's method.</param>
/// <param name="Path">The request's path, without the query (which can carry upload state).</param>
/// <param name="Error">What failed; null when the registry answered with <paramref name="Status"/>.</param>
/// <param name="Status">The answer that is retried; null after an error.</param>
/// <param name="Delay">The wait before the next attempt.</param>
/// <param name="Retry">Which retry this is (1 for the first); 0 for a stall.</param>
/// <param name="MaxRetries">How many retries the policy allows.</param>
internal sealed record RetryNotice(string Registry, string Method, string Path, Exception? Error, HttpStatusCode? Status, TimeSpan Delay,
    int Retry, int MaxRetries)
{
    public static RetryNotice For(HttpRequestMessage request, Exception? error, HttpStatusCode? status, TimeSpan delay, int retry, int maxRetries) =>
        new(request.RequestUri?.Authority ?? "", request.Method.Method, request.RequestUri?.AbsolutePath ?? "", error, status, delay, retry, maxRetries);

    public static RetryNotice Stall(HttpRequestMessage request, TransferStalledException stalled) => For(request, stalled, null, TimeSpan.Zero, 0, 0);
}
