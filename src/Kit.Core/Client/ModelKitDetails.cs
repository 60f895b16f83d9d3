using Kit.Core.Kitfiles;
using Kit.Oci;

namespace Kit.Core.Client;

/// <summary>Everything <see cref="KitClient.InspectAsync"/> reads about one ModelKit.</summary>
/// <param name="Reference">The reference it was found under.</param>
/// <param name="Digest">The digest of its manifest.</param>
/// <param name="CliVersion">The version of the tool that packed it (manifest annotation <c>ml.kitops.modelkit.cli-version</c>), if recorded.</param>
/// <param name="Kitfile">Its Kitfile, read from the config blob (with each layer's digest and diffId).</param>
/// <param name="Manifest">Its OCI image manifest.</param>
/// <param name="ManifestJson">The manifest's bytes, verified against <paramref name="Digest"/>.</param>
/// <param name="ConfigJson">The config blob's bytes, verified against the manifest's config descriptor.</param>
public sealed record ModelKitDetails(
    string Reference,
    Digest Digest,
    string? CliVersion,
    Kitfile Kitfile,
    Manifest Manifest,
    ReadOnlyMemory<byte> ManifestJson,
    ReadOnlyMemory<byte> ConfigJson);
