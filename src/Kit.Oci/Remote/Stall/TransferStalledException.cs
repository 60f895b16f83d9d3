namespace Kit.Oci.Remote.Stall;

/// <summary>
/// No byte moved between kit and the registry for the stall interval while kit waited for one. An
/// <see cref="IOException"/> like a lost connection, so transfers resume from what they verified, as after a reset.
/// </summary>
internal sealed class TransferStalledException(StallPhase phase, TimeSpan interval, Exception? inner)
    : IOException(Describe(phase, interval), inner)
{
    public StallPhase Phase { get; } = phase;

    public TimeSpan Interval { get; } = interval;

    private static string Describe(StallPhase phase, TimeSpan interval) => phase switch
    {
        StallPhase.Sending => $"the registry took no data for {StallWatch.Seconds(interval)}",
        StallPhase.WaitingForAnswer => $"no answer from the registry for {StallWatch.Seconds(interval)}",
        _ => $"no data from the registry for {StallWatch.Seconds(interval)}",
    };
}
