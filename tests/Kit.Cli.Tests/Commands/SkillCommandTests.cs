using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

public sealed class SkillCommandTests : KitTestBase
{
    private string UserHome => Kit.Environment()["HOME"];

    private string ConfigHome => Kit.Environment()["XDG_CONFIG_HOME"];

    private static string InstalledSkill(string skillsDir) => Path.Combine(skillsDir, "kitops", "SKILL.md");

    [Fact]
    public void Installs_the_embedded_skill_for_every_detected_agent()
    {
        Directory.CreateDirectory(Path.Combine(UserHome, ".claude"));
        Directory.CreateDirectory(Path.Combine(UserHome, ".cursor"));
        Directory.CreateDirectory(Path.Combine(ConfigHome, "opencode"));

        var result = Kit.Run("skill").ShouldSucceed();

        Assert.Contains("Detected installed agents: claude-code, cursor, opencode", result.Stderr);
        foreach (var (agent, dir) in new[]
        {
            ("claude-code", Path.Combine(UserHome, ".claude", "skills")),
            ("cursor", Path.Combine(UserHome, ".cursor", "skills")),
            ("opencode", Path.Combine(ConfigHome, "opencode", "skills")),
        })
        {
            Assert.Contains($"Installed skill 'kitops' for {agent} → {Path.Combine(dir, "kitops")}", result.Stderr);
            var text = File.ReadAllText(InstalledSkill(dir));
            Assert.StartsWith("---\nname: kitops\n", text);
            Assert.Contains("kit pack", text);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                File.GetUnixFileMode(InstalledSkill(dir)));
        }
        Assert.False(Directory.Exists(Path.Combine(UserHome, ".codex")), "an agent that is not installed got the skill");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(UserHome, ".claude", "skills"), ".*"));
    }

    [Fact]
    public void No_detected_agent_is_an_error_that_says_how_to_name_them()
    {
        var result = Kit.Run("skill").ShouldFail();
        Assert.Contains("no installed agents detected. Specify agents explicitly, e.g. --agents=claude-code,cursor", result.Stderr);
    }

    [Fact]
    public void Claude_and_codex_homes_come_from_their_environment_variables()
    {
        var claude = Path.Combine(Work.Path, "claude-config");
        var codex = Path.Combine(Work.Path, "codex-home");
        Kit.RunWithEnvironment(new Dictionary<string, string?> { ["CLAUDE_CONFIG_DIR"] = claude, ["CODEX_HOME"] = codex },
            "skill", "--agents=claude-code,codex").ShouldSucceed();
        Assert.True(File.Exists(InstalledSkill(Path.Combine(claude, "skills"))));
        Assert.True(File.Exists(InstalledSkill(Path.Combine(codex, "skills"))));
    }

    [Fact]
    public void An_existing_skill_fails_unless_overwritten_or_ignored()
    {
        var skills = Path.Combine(UserHome, ".cursor", "skills");
        Kit.Run("skill", "--agents", "cursor").ShouldSucceed();
        File.WriteAllText(Path.Combine(skills, "kitops", "stale.txt"), "from an older install");

        var again = Kit.Run("skill", "--agents", "cursor").ShouldFail();
        Assert.Contains("Failed to install skill 'kitops' for cursor: skill directory already exists (use -o to overwrite)", again.Stderr);
        Assert.Contains("failed to install skill for 1 agent(s)", again.Stderr);

        var ignored = Kit.Run("skill", "--agents", "cursor", "-i").ShouldSucceed();
        Assert.Contains("Skipped skill 'kitops' for cursor: already exists (use -o to overwrite)", ignored.Stderr);
        Assert.True(File.Exists(Path.Combine(skills, "kitops", "stale.txt")));

        Kit.Run("skill", "--agents", "cursor", "-o").ShouldSucceed();
        Assert.Equal(["SKILL.md"], Directory.GetFileSystemEntries(Path.Combine(skills, "kitops")).Select(Path.GetFileName));
        Assert.Equal(["kitops"], Directory.GetFileSystemEntries(skills).Select(Path.GetFileName));

        Assert.Contains("--overwrite and --ignore-existing cannot be used together",
            Kit.Run("skill", "--agents", "cursor", "-o", "-i").ShouldFail().Stderr);
    }

    [Fact]
    public void A_project_install_writes_a_shared_directory_once()
    {
        var project = Path.Combine(Work.Path, "project");
        var result = Kit.Run("skill", "-d", project, "--agents=codex,cursor,claude-code").ShouldSucceed();
        Assert.Contains($"Installed skill 'kitops' for codex → {Path.Combine(project, ".agents", "skills", "kitops")}", result.Stderr);
        Assert.Contains("Skipped skill 'kitops' for cursor: same skills directory as codex", result.Stderr);
        Assert.True(File.Exists(InstalledSkill(Path.Combine(project, ".agents", "skills"))));
        Assert.True(File.Exists(InstalledSkill(Path.Combine(project, ".claude", "skills"))));
        Assert.False(Directory.Exists(Path.Combine(UserHome, ".claude")), "a project install wrote into the user's directories");
    }

    [Theory]
    [InlineData("cursor,,codex", "invalid agent list: empty agent name in 'cursor,,codex'")]
    [InlineData("cursor,vim", "unknown agent 'vim'. Valid agents: adal, amp, antigravity, augment, bob, claude-code, cline,")]
    public void Bad_agent_lists_are_refused(string agents, string message)
    {
        var result = Kit.Run("skill", "--agents", agents).ShouldFail();
        Assert.Contains(message, result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(UserHome, ".cursor")));
    }
}
