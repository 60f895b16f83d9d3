using Kit.Oci.Remote;

namespace Kit.Oci.Tests.Remote;

public sealed class SingleFlightTests
{
    [Fact]
    public async Task Concurrent_callers_share_one_execution()
    {
        var flight = new SingleFlight<string, int>();
        var gate = new TaskCompletionSource();
        var runs = 0;
        async Task<int> Work(CancellationToken _)
        {
            Interlocked.Increment(ref runs);
            await gate.Task;
            return 42;
        }
        var callers = Enumerable.Range(0, 10).Select(_ => flight.RunAsync("sha256:a", Work)).ToArray();
        await Task.Delay(50);
        Assert.Equal(1, flight.InFlight);
        gate.SetResult();
        Assert.All(await Task.WhenAll(callers), r => Assert.Equal(42, r));
        Assert.Equal(1, runs);
        Assert.Equal(0, flight.InFlight);
    }

    [Fact]
    public async Task Different_keys_run_separately_and_failures_are_not_cached()
    {
        var flight = new SingleFlight<string, int>();
        var runs = 0;
        await Assert.ThrowsAsync<IOException>(() => flight.RunAsync("a", _ => { runs++; throw new IOException("boom"); }));
        Assert.Equal(7, await flight.RunAsync("a", _ => { runs++; return Task.FromResult(7); }));
        Assert.Equal(8, await flight.RunAsync("b", _ => { runs++; return Task.FromResult(8); }));
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task Shared_failure_reaches_every_waiter()
    {
        var flight = new SingleFlight<int, int>();
        var gate = new TaskCompletionSource();
        async Task<int> Work(CancellationToken _)
        {
            await gate.Task;
            throw new InvalidOperationException("shared");
        }
        var a = flight.RunAsync(1, Work);
        var b = flight.RunAsync(1, Work);
        gate.SetResult();
        Assert.Equal("shared", (await Assert.ThrowsAsync<InvalidOperationException>(() => a)).Message);
        Assert.Equal("shared", (await Assert.ThrowsAsync<InvalidOperationException>(() => b)).Message);
    }

    [Fact]
    public async Task One_waiter_cancelling_does_not_cancel_the_others()
    {
        var flight = new SingleFlight<int, int>();
        var gate = new TaskCompletionSource();
        CancellationToken seen = default;
        async Task<int> Work(CancellationToken ct)
        {
            seen = ct;
            await gate.Task.WaitAsync(ct);
            return 1;
        }
        using var cts = new CancellationTokenSource();
        var first = flight.RunAsync(1, Work, cts.Token);
        var second = flight.RunAsync(1, Work);
        await Task.Delay(20);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(seen.IsCancellationRequested);
        gate.SetResult();
        Assert.Equal(1, await second);
    }

    [Fact]
    public async Task Operation_is_cancelled_when_every_waiter_cancels()
    {
        var flight = new SingleFlight<int, int>();
        var cancelled = new TaskCompletionSource();
        async Task<int> Work(CancellationToken ct)
        {
            ct.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }
        using var a = new CancellationTokenSource();
        using var b = new CancellationTokenSource();
        var first = flight.RunAsync(1, Work, a.Token);
        var second = flight.RunAsync(1, Work, b.Token);
        await Task.Delay(20);
        a.Cancel();
        b.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(5, await flight.RunAsync(1, _ => Task.FromResult(5)));
    }
}
