namespace Kit.Oci.Remote;

/// <summary>
/// Runs at most one operation per key at a time; concurrent callers with the same key share its result (or
/// exception). The operation is cancelled only when every caller waiting for it has cancelled. Once it finishes
/// the key is free again, so a later call starts afresh (a failure is not cached).
/// </summary>
public sealed class SingleFlight<TKey, TResult> where TKey : notnull
{
    private readonly Dictionary<TKey, Flight> _flights = [];
    private readonly Lock _lock = new();

    /// <summary>Number of operations currently running.</summary>
    public int InFlight
    {
        get { lock (_lock) return _flights.Count; }
    }

    public async Task<TResult> RunAsync(TKey key, Func<CancellationToken, Task<TResult>> operation, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Flight flight;
        bool owner;
        lock (_lock)
        {
            owner = !_flights.TryGetValue(key, out flight!);
            if (owner)
            {
                flight = new Flight();
                _flights[key] = flight;
            }
            flight.Waiters++;
        }
        if (owner)
        {
            flight.Task = StartAsync(key, flight, operation);
            flight.Started.SetResult();
        }
        else
            await flight.Started.Task.ConfigureAwait(false);
        try
        {
            return await flight.Task!.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            bool last;
            lock (_lock)
            {
                last = --flight.Waiters == 0;
                // Abandoned: later callers must start afresh instead of joining a cancelled operation.
                if (last && _flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
                    _flights.Remove(key);
            }
            if (last)
                await flight.Cancellation.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<TResult> StartAsync(TKey key, Flight flight, Func<CancellationToken, Task<TResult>> operation)
    {
        try
        {
            await Task.Yield(); // run the operation off the caller's stack so waiters attach first
            return await operation(flight.Cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                if (_flights.TryGetValue(key, out var current) && ReferenceEquals(current, flight))
                    _flights.Remove(key);
            }
            // The CancellationTokenSource is not disposed: a waiter may still cancel it, and it owns no timer.
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The source is cancelled by late waiters after the flight ends; it owns no timer.")]
    private sealed class Flight
    {
        public readonly CancellationTokenSource Cancellation = new();
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task<TResult>? Task;
        public int Waiters;
    }
}
