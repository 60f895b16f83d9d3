namespace Kit.Core.Client;

/// <summary>What <see cref="KitClient.UnpackAsync"/> extracts and what it does with existing files.</summary>
public sealed record UnpackOptions
{
    /// <summary>
    /// Filters as <c>kit unpack --filter</c> takes them, <c>type1,type2[:id1,id2]</c> with types <c>kitfile</c>, <c>model</c>,
    /// <c>datasets</c>, <c>code</c>, <c>prompts</c>, <c>docs</c>, <c>mcpservers</c> (e.g. <c>model</c>, <c>datasets:reviews</c>). Empty unpacks everything.
    /// </summary>
    public IReadOnlyList<string> Filters { get; init; } = [];

    /// <summary>Replace files that already exist (a file is replaced only after its layer's digest was verified).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Keep files that already exist and unpack the rest.</summary>
    public bool IgnoreExisting { get; init; }

    /// <summary>
    /// Also fetch datasets kept outside the ModelKit (a Kitfile <c>remotePath</c>): S3 objects, checked against their
    /// <c>remoteHash</c> (ETag), with the <c>S3_API_ENDPOINT</c>, <c>S3_REGION</c>, <c>S3_ACCESS_KEY_ID</c> and
    /// <c>S3_SECRET_KEY</c> environment variables or the AWS credential chain; and the datasets of referenced ModelKits.
    /// </summary>
    public bool IncludeRemote { get; init; }

    /// <summary>
    /// When the reference names a ModelKit index: the labels that pick its one ModelKit to unpack (<c>kit unpack -l</c>),
    /// e.g. <c>quantization</c> = <c>q4_0</c>. Empty takes an index's only ModelKit.
    /// </summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
