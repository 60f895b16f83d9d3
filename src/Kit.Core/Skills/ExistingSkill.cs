namespace Kit.Core.Skills;

/// <summary>What to do when the skill's directory already exists for an agent.</summary>
internal enum ExistingSkill
{
    /// <summary>Report a failure for that agent (<c>-o</c> replaces, <c>-i</c> skips).</summary>
    Fail,

    /// <summary><c>-o</c>: replace the whole directory.</summary>
    Overwrite,

    /// <summary><c>-i</c>: leave it and report the agent as skipped.</summary>
    Skip,
}
