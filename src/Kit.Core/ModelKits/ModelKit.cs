using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.References;
using Kit.Oci;

namespace Kit.Core.ModelKits;

/// <summary>
/// A ModelKit found in the local store or a registry: its manifest and config, both verified against their digests.
/// When it came from a registry with layers, those layers are in the local store (unnamed) and leased until this is
/// disposed, so garbage collection cannot take them while they are read.
/// </summary>
internal sealed class ModelKit : IAsyncDisposable
{
    private readonly IAsyncDisposable? _lease;
    private Kitfile? _kitfile;
    private ManifestKitfile? _kitfileJson;

    /// <param name="reference">The name it was found under (a tag, or the digest when found by digest).</param>
    /// <param name="manifestDescriptor">The manifest's descriptor (media type, digest, size).</param>
    /// <param name="manifestBytes">The manifest exactly as stored, matching <paramref name="manifestDescriptor"/>.</param>
    /// <param name="manifest">The parsed manifest.</param>
    /// <param name="configBytes">The config exactly as stored; the Kitfile is read from it on first use.</param>
    /// <param name="lease">What keeps the kit's downloaded blobs from collection; released on dispose.</param>
    public ModelKit(ModelReference reference, Descriptor manifestDescriptor, byte[] manifestBytes, Manifest manifest, byte[] configBytes,
        IAsyncDisposable? lease = null)
    {
        Reference = reference;
        ManifestDescriptor = manifestDescriptor;
        ManifestBytes = manifestBytes;
        Manifest = manifest;
        ConfigBytes = configBytes;
        _lease = lease;
    }

    public ModelReference Reference { get; }
    public Descriptor ManifestDescriptor { get; }
    public byte[] ManifestBytes { get; }
    public Manifest Manifest { get; }
    public byte[] ConfigBytes { get; }
    public Digest Digest => ManifestDescriptor.Digest;

    /// <summary>The Kitfile as config JSON: the config of a ModelKit, what a ModelPack carries or is made up from.</summary>
    /// <exception cref="KitException">A ModelPack without a Kitfile whose layers cannot make one up.</exception>
    public ManifestKitfile CarriedKitfile => _kitfileJson ??= ManifestKitfile.Of(Manifest, ConfigBytes);

    /// <summary>The Kitfile carried in the config (or, for a ModelPack, in the manifest or made up from it).</summary>
    /// <exception cref="KitfileException">The config is not a valid Kitfile.</exception>
    public Kitfile Kitfile => _kitfile ??= KitfileJson.Read(CarriedKitfile.Json);

    /// <summary>The same kit holding <paramref name="lease"/> (which this one must not hold) until disposed.</summary>
    public ModelKit WithLease(IAsyncDisposable lease) => new(Reference, ManifestDescriptor, ManifestBytes, Manifest, ConfigBytes, lease) { _kitfile = _kitfile, _kitfileJson = _kitfileJson };

    /// <summary>The same kit without the lease, for a caller that named it in the index (the name now keeps its blobs).</summary>
    public ModelKit Unleased() => new(Reference, ManifestDescriptor, ManifestBytes, Manifest, ConfigBytes) { _kitfile = _kitfile, _kitfileJson = _kitfileJson };

    public ValueTask DisposeAsync() => _lease?.DisposeAsync() ?? ValueTask.CompletedTask;
}
