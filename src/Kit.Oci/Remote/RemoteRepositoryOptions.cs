namespace Kit.Oci.Remote;

/// <summary>Per-repository client settings; the HTTP stack itself (TLS, proxy, auth, retry) lives in the HttpClient.</summary>
public sealed record RemoteRepositoryOptions
{
    /// <summary>Talk <c>http://</c> instead of <c>https://</c>. Never switched automatically, not even for localhost.</summary>
    public bool PlainHttp { get; init; }

    /// <summary>Blobs smaller than this go up in one PUT; larger ones in PATCH chunks (where the host allows).</summary>
    public long MonolithicThreshold { get; init; } = 100L << 20;

    /// <summary>Size of each PATCH chunk.</summary>
    public long ChunkSize { get; init; } = 100L << 20;

    /// <summary>Manifests above this are refused unread (distribution spec: registries SHOULD accept at least 4 MiB).</summary>
    public long MaxManifestSize { get; init; } = 4L << 20;

    /// <summary>
    /// How many times one blob upload is started (each a new upload session) before giving up; also how many times in
    /// a row one chunk is sent again from the registry's offset before the session is given up.
    /// </summary>
    public int UploadAttempts { get; init; } = 3;

    /// <summary>How many requests one blob download may take; each retry continues with a Range request.</summary>
    public int DownloadAttempts { get; init; } = 4;

    /// <summary>
    /// How many connections one large blob download may use at once, each fetching a range of
    /// <see cref="RangeChunkSize"/> bytes; the blob is still written and hashed in order. Ranges help where each
    /// connection is limited (cloud registries, proxies). 1 downloads every blob over one connection.
    /// </summary>
    public int RangeConcurrency { get; init; } = 4;

    /// <summary>Bytes per range request of a parallel download; at most <see cref="RangeConcurrency"/> + 1 of them are held in memory per blob.</summary>
    public int RangeChunkSize { get; init; } = 8 << 20;

    /// <summary>Blobs (or the rest of a resumed one) smaller than this are downloaded over one connection.</summary>
    public long RangedDownloadThreshold { get; init; } = 64L << 20;

    /// <summary>
    /// A large blob starts over one connection; when that connection brings fewer bytes per second than this in its
    /// first <see cref="RangeProbeTime"/>, the rest comes in parallel ranges. Ranges cost extra requests, copies and CPU
    /// on both ends, which a fast link (a registry next door, measured here at 0.9 s instead of 0.7 s for 512 MiB) pays
    /// for nothing; a link that limits each connection gains several times. Null: ranges from the start.
    /// </summary>
    public long? RangedDownloadBelowBytesPerSecond { get; init; } = 100_000_000;

    /// <summary>How long the first connection is watched before <see cref="RangedDownloadBelowBytesPerSecond"/> decides.</summary>
    public TimeSpan RangeProbeTime { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Treat the registry as one that takes no PATCH chunks, as <see cref="ChunkingRules"/> does for known hosts (tests of the fallback).</summary>
    internal bool RefuseChunks { get; init; }

    /// <summary>Pause between upload restarts.</summary>
    public Retry.RetryPolicy RestartPolicy { get; init; } = Retry.RetryPolicy.Default;
}
