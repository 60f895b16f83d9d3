namespace Kit.Core.Skills;

/// <summary>One file of a skill: its path inside the skill directory (forward slashes) and its bytes.</summary>
/// <remarks>Skills are small (KitOps refuses more than 10 MiB), so they are installed from memory.</remarks>
internal sealed record SkillFile(string RelativePath, ReadOnlyMemory<byte> Content);
