using Kit.Core.References;
using Kit.Oci;

namespace Kit.Core.Packing;

/// <summary>
/// Where the bytes a pack produces go: the local store (<c>kit pack</c>), a registry (<c>kit pack --push</c>), or
/// both. The packer decides what the bytes are; the destination stores them and says so to the user, through the
/// observer of the layer at hand (layers are written at the same time, and each has its own).
/// </summary>
internal interface IPackDestination : IAsyncDisposable
{
    /// <summary>The blob an earlier pack into the same store made of these unchanged files, now held for this pack; null when none or nothing is stored locally.</summary>
    Task<LayerRecord?> TryReuseAsync(LayerStamp stamp, CancellationToken cancellationToken);

    /// <summary>Records what a layer's files produced, for <see cref="TryReuseAsync"/> next time.</summary>
    void Remember(LayerStamp stamp, LayerRecord record);

    /// <summary>Takes a layer found by <see cref="TryReuseAsync"/> (pushing it where it must also go).</summary>
    Task AddReusedLayerAsync(string type, Descriptor layer, IPackObserver log, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the file at <paramref name="path"/> itself as a layer blob, moved instead of written again (a raw,
    /// uncompressed layer of a context the caller gives away); null when this destination keeps no blobs locally.
    /// </summary>
    Task<Descriptor?> AdoptFileAsync(string type, string mediaType, string path, IPackObserver log, CancellationToken cancellationToken);

    /// <summary>Opens the stream a layer blob is written to; what becomes of it is told to <paramref name="log"/>.</summary>
    Task<ILayerOutput> BeginLayerAsync(IPackObserver log, CancellationToken cancellationToken);

    /// <summary>Stores the config blob, of <paramref name="mediaType"/> (a Kitfile, or a model-spec config for a ModelPack).</summary>
    Task<Descriptor> PutConfigAsync(string mediaType, byte[] json, CancellationToken cancellationToken);

    /// <summary>Stores the manifest (after every blob it names) and names it <paramref name="reference"/>.</summary>
    Task<Descriptor> PutManifestAsync(byte[] json, ModelReference reference, CancellationToken cancellationToken);

    /// <summary>After a failure: removes what this pack left half done.</summary>
    Task AbandonAsync();
}

/// <summary>One layer blob being written.</summary>
internal interface ILayerOutput : IAsyncDisposable
{
    /// <summary>Receives the blob's bytes; not disposed by the writer.</summary>
    Stream Stream { get; }

    /// <summary>Ends the blob and stores it as <paramref name="mediaType"/>; reports it as a <paramref name="type"/> layer.</summary>
    Task<Descriptor> CommitAsync(string type, string mediaType, CancellationToken cancellationToken);
}
