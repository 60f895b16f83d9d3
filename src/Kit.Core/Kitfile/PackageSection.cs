namespace Kit.Core.Kitfiles;

/// <summary>The <c>package</c> section: descriptive metadata only, never a layer.</summary>
public sealed record PackageSection
{
    public static readonly PackageSection Empty = new();

    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    public string Description { get; init; } = "";
    public string License { get; init; } = "";
    public EquatableList<string> Authors { get; init; } = EquatableList<string>.Empty;

    public bool IsEmpty => this == Empty;
}
