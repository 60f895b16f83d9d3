using System.Globalization;

namespace Kit.Oci.Remote.Stall;

/// <summary>
/// The watchdog of one request: <see cref="Token"/> is cancelled when the request waits for the registry (sending its
/// body, waiting for the answer, or a read of the answer's body) and no byte moves for <see cref="Interval"/>. Time the
/// caller spends between reads (writing to disk, waiting for its turn) is not counted: only a wait on the registry is.
/// </summary>
internal sealed class StallWatch : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _caller;
    private readonly Action<TransferStalledException>? _onStall;
    private int _disposed;
    private int _reported;

    /// <param name="interval">How long the registry may keep kit waiting without moving a byte.</param>
    /// <param name="caller">The caller's cancellation, which is not a stall.</param>
    /// <param name="onStall">Hears of the stall once (to tell the user).</param>
    public StallWatch(TimeSpan interval, CancellationToken caller, Action<TransferStalledException>? onStall = null)
    {
        Interval = interval;
        _caller = caller;
        _onStall = onStall;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
    }

    public TimeSpan Interval { get; }

    /// <summary>Cancelled when the registry stalls (or the caller cancels).</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>What the request was doing, for the message when it stalls.</summary>
    public StallPhase Phase { get; set; } = StallPhase.Sending;

    /// <summary>A wait on the registry begins, or bytes moved: the registry has another <see cref="Interval"/>.</summary>
    public void Touch() => Arm(Interval);

    /// <summary>Nothing is waited for now (the caller holds the body between reads).</summary>
    public void Pause() => Arm(Timeout.InfiniteTimeSpan);

    /// <summary>Cancels <see cref="Token"/> without it counting as a stall (the caller gave up on a read).</summary>
    public void Cancel()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            try { _source.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Whether <see cref="Token"/> was cancelled by the watchdog rather than by the caller or <paramref name="other"/>.</summary>
    public bool Fired(CancellationToken other = default) =>
        _source.IsCancellationRequested && !_caller.IsCancellationRequested && !other.IsCancellationRequested;

    /// <summary>The exception for the stall, reported once to whoever listens.</summary>
    public TransferStalledException Stalled(Exception? inner)
    {
        var stalled = new TransferStalledException(Phase, Interval, inner);
        if (Interlocked.Exchange(ref _reported, 1) == 0)
            _onStall?.Invoke(stalled);
        return stalled;
    }

    private void Arm(TimeSpan delay)
    {
        if (Volatile.Read(ref _disposed) != 0)
            return;
        try { _source.CancelAfter(delay); }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _source.Dispose();
    }

    internal static string Seconds(TimeSpan interval) => interval.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}

/// <summary>Where in a request the registry stopped moving bytes.</summary>
internal enum StallPhase
{
    /// <summary>Sending the request and its body: the registry took no bytes.</summary>
    Sending,

    /// <summary>Everything sent, the answer's head has not come.</summary>
    WaitingForAnswer,

    /// <summary>Reading the answer's body: no bytes came.</summary>
    Receiving,
}
