namespace Kit.Oci.Remote.Retry;

/// <summary>
/// Resends requests that failed for a transient reason (connection errors, timeouts, 408, 429, 5xx), with
/// exponential backoff and <c>Retry-After</c>. Only requests whose body may be repeated after a failure are resent
/// (see <see cref="ReplayableContent.CanReplayAfterFailure"/>); a blob upload resumes in the upload logic instead,
/// from what the registry says it kept.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    public RetryHandler(RetryPolicy? policy = null) => Policy = policy ?? RetryPolicy.Default;

    public RetryHandler(HttpMessageHandler inner, RetryPolicy? policy = null) : base(inner) => Policy = policy ?? RetryPolicy.Default;

    public RetryPolicy Policy { get; }

    /// <summary>Seam for tests: waits without sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    internal TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Hears of each retry before its wait, so the user knows why nothing moves.</summary>
    internal Action<RetryNotice>? Notify { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            if (retry > 0)
                ReplayableContent.Rewind(request);
            var canRetry = retry < Policy.MaxRetries && ReplayableContent.CanReplayAfterFailure(request);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (canRetry && !cancellationToken.IsCancellationRequested
                                      && (RetryPolicy.IsTransient(e) || e is OperationCanceledException))
            {
                // A cancellation the caller did not ask for is a timeout (e.g. the connect timeout).
                var backoff = Policy.RandomBackoff(retry);
                // The stall watch has said why already.
                if (e is not Stall.TransferStalledException)
                    Notify?.Invoke(RetryNotice.For(request, e, null, backoff, retry + 1, Policy.MaxRetries));
                await Delay(backoff, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (!canRetry || !RetryPolicy.IsRetryableStatus(response.StatusCode))
                return response;
            var wait = RetryAfter.Get(response, Time.GetUtcNow()) ?? Policy.RandomBackoff(retry);
            if (wait > Policy.MaxRetryAfter)
                return response;
            Notify?.Invoke(RetryNotice.For(request, null, response.StatusCode, wait, retry + 1, Policy.MaxRetries));
            response.Dispose();
            await Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }
}
