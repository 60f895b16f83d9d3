using Kit.Oci.Remote.Retry;

namespace Kit.Oci.Remote.Stall;

/// <summary>
/// Gives up on a request when the registry stops moving bytes for <see cref="Interval"/> while kit waits on it: the
/// upload of a body, the wait for the answer, any read of the answer's body (a registry or proxy that sends a blob's
/// head and then nothing would otherwise hang a pull forever). It throws <see cref="TransferStalledException"/>, an
/// <see cref="IOException"/>, so the retry handler and the transfers resume as after a lost connection. Sits right
/// above the transport, so every attempt is watched on its own.
/// </summary>
internal sealed class StallWatchHandler : DelegatingHandler
{
    private readonly Action<RetryNotice>? _notify;

    public StallWatchHandler(HttpMessageHandler inner, TimeSpan interval, Action<RetryNotice>? notify = null) : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _notify = notify;
    }

    public TimeSpan Interval { get; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var watch = new StallWatch(Interval, cancellationToken, _notify is null ? null : stalled => _notify(RetryNotice.Stall(request, stalled)));
        var body = request.Content;
        HttpResponseMessage response;
        try
        {
            if (body is not null)
                request.Content = new WatchedRequestContent(body, watch);
            else
                watch.Phase = StallPhase.WaitingForAnswer;
            watch.Touch();
            response = await base.SendAsync(request, watch.Token).ConfigureAwait(false);
            watch.Pause();
        }
        catch (Exception e) when (watch.Fired(CancellationToken.None))
        {
            var stalled = watch.Stalled(e);
            watch.Dispose();
            throw stalled;
        }
        catch
        {
            watch.Dispose();
            throw;
        }
        finally
        {
            // The retry and auth handlers resend the caller's content, not the wrapper.
            if (body is not null)
                request.Content = body;
        }
        response.Content = new WatchedResponseContent(response.Content, watch);
        return response;
    }
}
