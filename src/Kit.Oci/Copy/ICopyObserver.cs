namespace Kit.Oci.Copy;

/// <summary>
/// Per-node progress of a copy, for progress bars and logs. Called concurrently for different nodes (one node's calls
/// are in order: started, bytes, completed); implementations must be thread-safe and quick.
/// </summary>
public interface ICopyObserver
{
    void NodeStarted(Descriptor node, CopyNodeKind kind);

    /// <summary>Bytes of <paramref name="node"/> the target has so far (a resumed copy starts at what it had; a restarted upload goes back to 0).</summary>
    void NodeProgress(Descriptor node, long bytes);

    void NodeCompleted(Descriptor node, CopyOutcome outcome);

    /// <summary>An observer that ignores everything.</summary>
    public static ICopyObserver None { get; } = new NoObserver();

    private sealed class NoObserver : ICopyObserver
    {
        public void NodeStarted(Descriptor node, CopyNodeKind kind) { }
        public void NodeProgress(Descriptor node, long bytes) { }
        public void NodeCompleted(Descriptor node, CopyOutcome outcome) { }
    }
}
