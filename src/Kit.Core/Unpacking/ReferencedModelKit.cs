using Kit.Core.Store;

namespace Kit.Core.Unpacking;

/// <summary>A parent kit ready to unpack; disposing releases whatever keeps its downloaded blobs from collection.</summary>
internal sealed class ReferencedModelKit(ResolvedModelKit kit, IAsyncDisposable? hold = null) : IAsyncDisposable
{
    public ResolvedModelKit Kit { get; } = kit;

    public ValueTask DisposeAsync() => hold?.DisposeAsync() ?? ValueTask.CompletedTask;
}
