using Kit.Core.References;

namespace Kit.Core.Unpacking;

internal sealed record UnpackRequest
{
    public required ModelReference Reference { get; init; }
    public required string TargetDirectory { get; init; }
    public UnpackFilterSet Filters { get; init; } = UnpackFilterSet.Everything;
    public bool Overwrite { get; init; }
    public bool IgnoreExisting { get; init; }

    /// <summary>
    /// Whether datasets with a <c>remotePath</c> are fetched too (<c>--include-remote</c>): an S3 object to the dataset's
    /// path, or the datasets of the ModelKit it names into that path.
    /// </summary>
    public bool IncludeRemote { get; init; }

    /// <summary>Reads environment variables (the <c>S3_*</c> settings); the process environment when null.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>Receives warnings (a filter that matches nothing); none are reported when null.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>
    /// Told when a layer starts extracting (its kind, name or path, and blob size); the progress it returns receives
    /// the blob bytes read so far, up to the size when the layer is done.
    /// </summary>
    public Func<string, string, long, IProgress<long>?>? LayerStarted { get; init; }
}
