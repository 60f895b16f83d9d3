namespace Kit.Oci.Layout;

/// <summary>
/// A second copy of index.json's names kept in files another tool reads and writes (that tool takes no lock of
/// ours). The store calls it under its exclusive lock around every index change: first to fold in what the other
/// tool changed since the mirror was last written, then to write the mirror of the new index.
/// </summary>
internal interface IIndexMirror
{
    /// <summary>
    /// Cheaply, with or without the lock: whether the mirror's files (or index.json) changed since they were last
    /// published. With <paramref name="repositories"/>, only whether index.json or those repositories' files did: enough
    /// for a command that reads and edits only them, and a stat per file instead of one per file of the store; what the
    /// other tool changed elsewhere stays different from the record, so the next whole check finds it.
    /// </summary>
    bool IsStale(IReadOnlyCollection<string>? repositories = null);

    /// <summary>Under the exclusive lock: <paramref name="current"/> with the other tool's changes folded in (the same instance when none).</summary>
    ImageIndex Reconcile(ImageIndex current);

    /// <summary>
    /// Under the exclusive lock: writes the mirror of <paramref name="next"/>, then calls <paramref name="writeIndex"/>
    /// to replace index.json, then records what it wrote. A crash between the steps leaves mirror files newer than
    /// the record, which the next <see cref="Reconcile"/> reads back: the change rolls forward.
    /// </summary>
    /// <param name="previous">The index <paramref name="next"/> was made from; only what differs between them is rewritten.</param>
    /// <param name="next">The index about to be written.</param>
    /// <param name="full">Rewrite every file (the mirror was stale, or its record cannot be trusted).</param>
    /// <param name="writeIndex">Replaces index.json.</param>
    /// <param name="checkContent">Compare each file's bytes instead of trusting its recorded stamp (a repair).</param>
    void Publish(ImageIndex previous, ImageIndex next, bool full, Action writeIndex, bool checkContent = false);

    /// <summary>
    /// Under the exclusive lock, when <see cref="IsStale"/> just said no: <see cref="Publish"/> of a change given only as
    /// the entries of the repositories it touched (all their entries, before and after); only their files are rewritten.
    /// </summary>
    /// <returns>False, with nothing written, when the mirror needs the whole index (it has no record of what it wrote).</returns>
    bool TryPublishChanges(ImageIndex previous, ImageIndex next, Action writeIndex);

    /// <summary>Manifests and indexes the other tool's files name, kept by garbage collection even if index.json lacks them.</summary>
    IEnumerable<Descriptor> Roots();
}
