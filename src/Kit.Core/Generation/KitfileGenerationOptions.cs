namespace Kit.Core.Generation;

/// <summary>What <see cref="KitfileGenerator.Generate(string, KitfileGenerationOptions?, IProgress{Client.KitMessage}?)"/> puts in the package section, and how deep it looks.</summary>
public sealed class KitfileGenerationOptions
{
    /// <summary>The package name (<c>--name</c>); a skill's front matter fills it when empty.</summary>
    public string Name { get; init; } = "";

    /// <summary>The package description (<c>--desc</c>); a skill's front matter fills it when empty.</summary>
    public string Description { get; init; } = "";

    /// <summary>The package author (<c>--author</c>), the only entry of <c>authors</c> when set.</summary>
    public string Author { get; init; } = "";

    /// <summary>
    /// How many levels of subdirectories are classified file by file (<c>--depth</c>): 0 takes each subdirectory of the
    /// root as one entry, 1 classifies their files and takes their subdirectories as entries, and so on; negative
    /// classifies every file individually.
    /// </summary>
    public int Depth { get; init; }
}
