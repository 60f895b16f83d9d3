using Kit.Core.References;

namespace Kit.Core.Unpacking;

internal sealed record UnpackRequest
{
    public required ModelReference Reference { get; init; }
    public required string TargetDirectory { get; init; }
    public UnpackFilterSet Filters { get; init; } = UnpackFilterSet.Everything;
    public bool Overwrite { get; init; }
    public bool IgnoreExisting { get; init; }
}
