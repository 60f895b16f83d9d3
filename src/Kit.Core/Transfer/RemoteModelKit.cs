using Kit.Oci;
using Kit.Oci.Layout;

namespace Kit.Core.Transfer;

/// <summary>
/// A remote ModelKit whose manifest, config and selected layers are in the local store but not named in its
/// index (see <see cref="ModelKitPuller.FetchAsync"/>). Holds a lease on those blobs: read them through
/// <see cref="OciLayoutStore.OpenRead"/> by digest, then dispose, after which the next GC may delete them.
/// </summary>
internal sealed class RemoteModelKit : IAsyncDisposable, IDisposable
{
    private readonly StoreLease _lease;

    internal RemoteModelKit(string reference, Descriptor manifestDescriptor, byte[] manifestBytes, Manifest manifest, byte[] configBytes,
        IReadOnlyList<Descriptor> storedLayers, StoreLease lease)
    {
        Reference = reference;
        ManifestDescriptor = manifestDescriptor;
        ManifestBytes = manifestBytes;
        Manifest = manifest;
        ConfigBytes = configBytes;
        StoredLayers = storedLayers;
        _lease = lease;
    }

    /// <summary><c>registry/repository:tag</c> or <c>registry/repository@digest</c>.</summary>
    public string Reference { get; }

    public Descriptor ManifestDescriptor { get; }
    public byte[] ManifestBytes { get; }
    public Manifest Manifest { get; }
    public byte[] ConfigBytes { get; }

    /// <summary>The layers the filter selected, now in the store.</summary>
    public IReadOnlyList<Descriptor> StoredLayers { get; }

    public Digest Digest => ManifestDescriptor.Digest;

    public void Dispose() => _lease.Dispose();

    public ValueTask DisposeAsync() => _lease.DisposeAsync();
}
