using Kit.Oci;

namespace Kit.Core.Transfer;

/// <summary>
/// What <see cref="ModelKitPuller.PullAsync"/> stored and named: the manifest descriptor and the config bytes it
/// already verified, so callers that need the Kitfile (parents to pull) need not read and hash them again.
/// </summary>
internal sealed record PulledModelKit(Descriptor ManifestDescriptor, byte[] ConfigBytes)
{
    public Digest Digest => ManifestDescriptor.Digest;
}
