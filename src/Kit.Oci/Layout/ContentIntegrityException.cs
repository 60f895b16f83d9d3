namespace Kit.Oci.Layout;

/// <summary>Stored or received content does not match the digest or size it was addressed by.</summary>
public sealed class ContentIntegrityException : IOException
{
    public ContentIntegrityException(Digest digest, string reason, string? location = null)
        : base($"{digest}: {reason}" + (location is null ? "" : $" ({location})"))
    {
        Digest = digest;
        Reason = reason;
        Location = location;
    }

    public Digest Digest { get; }

    /// <summary>What differs, e.g. "digest mismatch: got sha256:…".</summary>
    public string Reason { get; }

    /// <summary>Where the bad content lives, when it is a file.</summary>
    public string? Location { get; }
}
