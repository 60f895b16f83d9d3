namespace Kit.Oci.Copy;

/// <summary>
/// Per-node progress of a copy, for progress bars and logs. Called concurrently for different nodes (one node's calls
/// are in order: started, bytes, completed); implementations must be thread-safe and quick.
/// </summary>
public interface ICopyObserver
{
    /// <summary>The copy of <paramref name="node"/> begins: a blob once it holds a transfer slot, a manifest or index after its children are in the target.</summary>
    /// <param name="node">The node.</param>
    /// <param name="kind">What it is to its parent.</param>
    void NodeStarted(Descriptor node, CopyNodeKind kind);

    /// <summary>Bytes of <paramref name="node"/> the target has so far (a resumed copy starts at what it had; a restarted upload goes back to 0).</summary>
    void NodeProgress(Descriptor node, long bytes);

    /// <summary><paramref name="node"/> is in the target (copied, mounted, or there already); not called when its copy fails.</summary>
    /// <param name="node">The node.</param>
    /// <param name="outcome">Whether it was copied, mounted or already there.</param>
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
