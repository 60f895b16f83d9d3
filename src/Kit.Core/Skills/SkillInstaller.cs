using Kit.Core.Formatting;

namespace Kit.Core.Skills;

/// <summary>
/// Installs a skill (a directory holding a <c>SKILL.md</c>) into the skills directory of each chosen coding agent:
/// <c>kit skill</c> and <c>kit unpack --as-skill</c>.
/// </summary>
/// <remarks>
/// Each directory is written beside its final place and renamed into it, so an agent never reads half a skill and a
/// replaced skill is swapped whole. Agents sharing a skills directory get one copy.
/// </remarks>
internal static class SkillInstaller
{
    private const UnixFileMode SkillFileMode = (UnixFileMode)0b110_100_100;

    /// <summary>Installs <paramref name="files"/> as the skill <paramref name="name"/> for every agent, one line per agent.</summary>
    /// <param name="name">The skill's directory name (already sanitized).</param>
    /// <param name="files">The skill's files.</param>
    /// <param name="agents">Whom to install it for.</param>
    /// <param name="existing">What to do where the skill is already installed.</param>
    /// <param name="info">Receives the per-agent lines.</param>
    /// <param name="projectDirectory">Install into this project's skills directories; null for the user's (global) ones.</param>
    /// <returns>How many agents failed.</returns>
    public static int Install(string name, IReadOnlyList<SkillFile> files, IReadOnlyList<CodingAgent> agents, string? projectDirectory,
        ExistingSkill existing, Action<string> info)
    {
        var failures = 0;
        var installedTo = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var agent in agents)
        {
            var skillsDirectory = Path.GetFullPath(agent.SkillsDirectory(projectDirectory));
            if (installedTo.TryGetValue(skillsDirectory, out var first))
            {
                info($"Skipped skill '{name}' for {agent.Name}: same skills directory as {first}");
                continue;
            }
            installedTo[skillsDirectory] = agent.Name;
            var target = Path.Combine(skillsDirectory, name);
            try
            {
                if (Path.Exists(target))
                {
                    if (existing == ExistingSkill.Skip)
                    {
                        info($"Skipped skill '{name}' for {agent.Name}: already exists (use -o to overwrite)");
                        continue;
                    }
                    if (existing == ExistingSkill.Fail) throw new IOException("skill directory already exists (use -o to overwrite)");
                }
                Write(skillsDirectory, target, files);
                info($"Installed skill '{name}' for {agent.Name} → {target}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures++;
                info($"Failed to install skill '{name}' for {agent.Name}: {FileSystemMessages.Describe(e)}");
            }
        }
        return failures;
    }

    private static void Write(string skillsDirectory, string target, IReadOnlyList<SkillFile> files)
    {
        Directory.CreateDirectory(skillsDirectory);
        var staging = Path.Combine(skillsDirectory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            foreach (var file in files)
            {
                var path = Path.GetFullPath(Path.Combine(staging, file.RelativePath));
                if (!path.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw new IOException($"skill file {MessageText.Escape(file.RelativePath)} is outside the skill directory");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = SkillFileMode;
                using var stream = new FileStream(path, options);
                stream.Write(file.Content.Span);
                stream.Flush(flushToDisk: true);
            }
            if (Path.Exists(target))
            {
                // Swap the old skill out before the new one in: the target never holds a mix of both.
                var old = Path.Combine(skillsDirectory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.old");
                Directory.Move(target, old);
                Directory.Move(staging, target);
                if (File.Exists(old)) File.Delete(old);
                else Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(staging, target);
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }
}
