namespace Kit.Core.Kitfiles;

/// <summary>The <c>package</c> section: descriptive metadata only, never a layer.</summary>
public sealed record PackageSection
{
    /// <summary>A section with no fields set; a Kitfile without <c>package</c> has this.</summary>
    public static readonly PackageSection Empty = new();

    /// <summary>The package name.</summary>
    public string Name { get; init; } = "";
    /// <summary>The package version.</summary>
    public string Version { get; init; } = "";
    /// <summary>Free-text description of the package.</summary>
    public string Description { get; init; } = "";
    /// <summary>License identifier of the package as a whole.</summary>
    public string License { get; init; } = "";
    /// <summary>Authors in the order the Kitfile lists them.</summary>
    public EquatableList<string> Authors { get; init; } = EquatableList<string>.Empty;

    /// <summary>True when no field is set, so writers can omit the section as KitOps does.</summary>
    public bool IsEmpty => this == Empty;
}
