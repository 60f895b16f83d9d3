using System.Diagnostics;

namespace Kit.Cli.Output;

/// <summary>
/// <c>-vv</c>: one trace line per registry request, as KitOps logs them. Only method, URL (without query, which can
/// carry upload state) and status: never a header, so no credential or token reaches the log.
/// </summary>
internal sealed class HttpTraceHandler(ConsoleLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var target = request.RequestUri is { } uri ? uri.GetLeftPart(UriPartial.Path) : "?";
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            log.Trace($"{request.Method} {target} -> {(int)response.StatusCode} -- duration {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
            return response;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Trace($"{request.Method} {target} -> {e.GetType().Name} -- duration {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
            throw;
        }
    }
}
