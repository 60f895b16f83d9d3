using Kit.Core.References;
using Kit.Oci;

namespace Kit.Core.Store;

/// <summary>A ModelKit found in the local store: its manifest (verified) and raw config bytes (verified).</summary>
internal sealed record ResolvedModelKit(ModelReference Reference, Descriptor ManifestDescriptor, byte[] ManifestBytes, Manifest Manifest, byte[] ConfigBytes)
{
    public Digest Digest => ManifestDescriptor.Digest;
}
