namespace Kit.Oci.Remote;

/// <summary>A manifest (or index) as the registry returned it; <see cref="Content"/> is byte-exact and matches the digest.</summary>
public sealed record FetchedManifest(Descriptor Descriptor, byte[] Content);
