using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>
/// Progress of one item of an operation: a layer being packed, or a blob being pushed or pulled. Transfers run
/// concurrently, so reports for different items interleave (reports for one item arrive in order) and may come
/// from several threads at once: a receiver must be thread-safe and quick.
/// </summary>
/// <param name="Stage">Where the item is.</param>
/// <param name="Item">What moves: a layer description when packing (<c>model</c>, <c>dataset reviews</c>), else <c>config</c>, <c>layer</c> or <c>manifest</c>.</param>
/// <param name="Bytes">Bytes done so far (a resumed download starts at what it had).</param>
/// <param name="TotalBytes">Size of the item.</param>
/// <param name="Digest">The item's digest when known: always for transfers, at <see cref="KitProgressStage.Done"/> when packing.</param>
public sealed record KitProgress(KitProgressStage Stage, string Item, long Bytes, long TotalBytes, Digest? Digest);

/// <summary>The stage a <see cref="KitProgress"/> report is about.</summary>
public enum KitProgressStage
{
    /// <summary>Work on the item begins.</summary>
    Started,

    /// <summary>Bytes moved; <see cref="KitProgress.Bytes"/> is the running total.</summary>
    Progress,

    /// <summary>The item was written, uploaded or downloaded.</summary>
    Done,

    /// <summary>No bytes had to move: the destination had the blob already, or the registry mounted it from another repository.</summary>
    Skipped,
}
