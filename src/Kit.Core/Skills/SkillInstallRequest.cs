using Kit.Core.References;
using Kit.Core.Unpacking;

namespace Kit.Core.Skills;

/// <summary>What <c>kit unpack --as-skill</c> was asked to do.</summary>
internal sealed record SkillInstallRequest
{
    public required ModelReference Reference { get; init; }

    /// <summary>Only <c>prompts</c> filters apply; none means every prompt.</summary>
    public UnpackFilterSet Filters { get; init; } = UnpackFilterSet.Everything;

    /// <summary>Comma-separated agent names, or null / <c>auto</c> for those installed here.</summary>
    public string? Agents { get; init; }

    /// <summary>Install into this project's agent directories; null for the user's.</summary>
    public string? ProjectDirectory { get; init; }

    public ExistingSkill Existing { get; init; }

    /// <summary>Reads the variables agents' directories depend on (<c>HOME</c>, <c>XDG_CONFIG_HOME</c>, ...).</summary>
    public required Func<string, string?> Environment { get; init; }
}
