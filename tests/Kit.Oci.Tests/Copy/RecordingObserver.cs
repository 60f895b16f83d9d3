using System.Collections.Concurrent;
using Kit.Oci.Copy;

namespace Kit.Oci.Tests.Copy;

internal sealed class RecordingObserver : ICopyObserver
{
    public ConcurrentDictionary<Digest, CopyOutcome> Outcomes { get; } = new();
    public ConcurrentDictionary<Digest, CopyNodeKind> Kinds { get; } = new();
    public ConcurrentDictionary<Digest, int> Starts { get; } = new();
    public ConcurrentDictionary<Digest, long> LastBytes { get; } = new();

    public void NodeStarted(Descriptor node, CopyNodeKind kind)
    {
        Kinds[node.Digest] = kind;
        Starts.AddOrUpdate(node.Digest, 1, (_, n) => n + 1);
    }

    public void NodeProgress(Descriptor node, long bytes) => LastBytes[node.Digest] = bytes;

    public void NodeCompleted(Descriptor node, CopyOutcome outcome) => Outcomes[node.Digest] = outcome;
}
