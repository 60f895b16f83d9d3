using System.Collections.Concurrent;
using Kit.Oci.Content;

namespace Kit.Oci.Tests.Copy;

/// <summary>
/// Wraps a store to watch a copy: the order pushes finish in, how many fetches run at once, and a gate that holds
/// fetches of chosen digests until the test opens it.
/// </summary>
internal sealed class ObservedStorage(ITarget inner) : ITarget
{
    private int _running;
    private readonly ConcurrentDictionary<Digest, TaskCompletionSource> _gates = new();

    public ConcurrentQueue<Digest> Pushed { get; } = new();
    public int MaxConcurrentFetches;
    public TaskCompletionSource FetchWaiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Hold(Digest digest) => _gates[digest] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(Digest digest) => _gates[digest].TrySetResult();

    public async Task<Stream> FetchAsync(Descriptor target, CancellationToken cancellationToken = default)
    {
        var now = Interlocked.Increment(ref _running);
        InterlockedMax(ref MaxConcurrentFetches, now);
        try
        {
            if (_gates.TryGetValue(target.Digest, out var gate))
            {
                FetchWaiting.TrySetResult();
                await gate.Task.WaitAsync(cancellationToken);
            }
            // Read whole here, so "running" covers the transfer and not only the open.
            await using var stream = await inner.FetchAsync(target, cancellationToken);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return copy;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    public async Task PushAsync(Descriptor expected, Stream content, CancellationToken cancellationToken = default)
    {
        await inner.PushAsync(expected, content, cancellationToken);
        Pushed.Enqueue(expected.Digest);
    }

    public Task<bool> ExistsAsync(Descriptor target, CancellationToken cancellationToken = default) => inner.ExistsAsync(target, cancellationToken);
    public Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default) => inner.ResolveAsync(reference, cancellationToken);
    public Task TagAsync(Descriptor descriptor, string tag, CancellationToken cancellationToken = default) => inner.TagAsync(descriptor, tag, cancellationToken);

    private static void InterlockedMax(ref int location, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref location)) && Interlocked.CompareExchange(ref location, value, current) != current) { }
    }
}
