namespace Kit.Oci.Layout;

/// <summary>Stored or received content does not match the digest or size it was addressed by.</summary>
public sealed class ContentIntegrityException : IOException
{
    /// <summary>Content addressed by <paramref name="digest"/> is not what the digest says.</summary>
    /// <param name="digest">The digest the content was addressed by.</param>
    /// <param name="reason">What differs.</param>
    /// <param name="location">The file holding the bad content, if any.</param>
    public ContentIntegrityException(Digest digest, string reason, string? location = null)
        : base($"{digest}: {reason}" + (location is null ? "" : $" ({location})"))
    {
        Digest = digest;
        Reason = reason;
        Location = location;
    }

    /// <summary>The digest the content was addressed by.</summary>
    public Digest Digest { get; }

    /// <summary>What differs, e.g. "digest mismatch: got sha256:…".</summary>
    public string Reason { get; }

    /// <summary>Where the bad content lives, when it is a file.</summary>
    public string? Location { get; }
}
