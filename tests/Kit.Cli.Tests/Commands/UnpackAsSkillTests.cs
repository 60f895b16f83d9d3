using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

/// <summary><c>kit unpack --as-skill</c>: prompt layers holding a SKILL.md become agent skills; nothing else is unpacked.</summary>
public sealed class UnpackAsSkillTests : KitTestBase
{
    private string UserHome => Kit.Environment()["HOME"];

    /// <summary>A kit with a skill directory, a one-file skill, a prompt that is no skill, and code.</summary>
    private void PackSkills(string tag, string compression = "none")
    {
        Work.WriteFile("p/Kitfile", """
            manifestVersion: 1.0.0
            package:
              name: team-skills
            code:
              - path: src
            prompts:
              - path: skills/review
              - path: prompts/system.prompt.md
              - name: Deploy Helper
                path: skills/deploy/SKILL.md
            """);
        Work.WriteFile("p/src/main.py", "print('hi')\n");
        Work.WriteFile("p/skills/review/SKILL.md", "---\nname: Code Review!\ndescription: Reviews code\n---\n# Review\n");
        Work.WriteFile("p/skills/review/refs/checklist.md", "- tests\n");
        Work.WriteFile("p/prompts/system.prompt.md", "You are helpful.\n");
        Work.WriteFile("p/skills/deploy/SKILL.md", "# Deploy without front matter\n");
        Pack(Work.Combine("p"), "-t", tag, "--compression", compression);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    public void Prompt_skills_are_installed_for_the_detected_agents_and_nothing_else_is_unpacked(string compression)
    {
        PackSkills("skills:1", compression);
        Directory.CreateDirectory(Path.Combine(UserHome, ".claude"));

        var result = Kit.RunIn(Work.Path, null, "unpack", "skills:1", "--as-skill").ShouldSucceed();

        var skills = Path.Combine(UserHome, ".claude", "skills");
        Assert.Contains("Detected installed agents: claude-code", result.Stderr);
        Assert.Contains($"Installed skill 'code-review' for claude-code → {Path.Combine(skills, "code-review")}", result.Stderr);
        Assert.Contains($"Installed skill 'deploy-helper' for claude-code → {Path.Combine(skills, "deploy-helper")}", result.Stderr);
        Assert.Contains("Skipping prompt \"prompts/system.prompt.md\": not a SKILL.md, cannot install as skill", result.Stderr);
        Assert.Equal(["SKILL.md", "refs/checklist.md"], FilesUnder(Path.Combine(skills, "code-review")));
        Assert.Equal(["SKILL.md"], FilesUnder(Path.Combine(skills, "deploy-helper")));
        Assert.Equal("- tests\n", File.ReadAllText(Path.Combine(skills, "code-review", "refs", "checklist.md")));
        Assert.Equal(["p"], Directory.GetFileSystemEntries(Work.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Named_agents_a_project_directory_and_a_prompts_filter()
    {
        PackSkills("skills:1");
        var project = Work.Combine("project");

        var result = Kit.Run("unpack", "skills:1", "--as-skill=cursor,codex", "-d", project, "--filter", "prompts:skills/review", "--filter", "code")
            .ShouldSucceed();

        Assert.Contains("Filter type 'code' has no effect with --as-skill (only 'prompts' filters apply)", result.Stderr);
        Assert.Equal(["code-review/SKILL.md", "code-review/refs/checklist.md"], FilesUnder(Path.Combine(project, ".agents", "skills")));
        Assert.Contains("Skipped skill 'code-review' for codex: same skills directory as cursor", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(UserHome, ".cursor")), "a project install wrote into the user's directories");
        Assert.False(File.Exists(Path.Combine(project, "Kitfile")), "--as-skill wrote a Kitfile");

        var again = Kit.Run("unpack", "skills:1", "--as-skill=cursor", "-d", project, "--filter", "prompts:skills/review").ShouldFail();
        Assert.Contains("failed to install 1 skill(s)", again.Stderr);
        Kit.Run("unpack", "skills:1", "--as-skill=cursor", "-d", project, "--filter", "prompts:skills/review", "-o").ShouldSucceed();
    }

    [Fact]
    public void A_kit_without_skills_says_so()
    {
        Work.WriteFile("q/Kitfile", "manifestVersion: 1.0.0\npackage:\n  name: x\nprompts:\n  - path: a.prompt.md\n");
        Work.WriteFile("q/a.prompt.md", "plain prompt\n");
        Pack(Work.Combine("q"), "-t", "plain:1");
        Assert.Contains("No agent skills found in modelkit. Prompt layers must contain a SKILL.md file to be installed as skills.",
            Kit.Run("unpack", "plain:1", "--as-skill=cursor").ShouldFail().Stderr);
        Assert.Contains("No prompt layers matched the specified filters",
            Kit.Run("unpack", "plain:1", "--as-skill=cursor", "--filter", "prompts:other").ShouldFail().Stderr);
        Assert.Contains("unknown agent 'vim'", Kit.Run("unpack", "plain:1", "--as-skill=vim").ShouldFail().Stderr);
    }
}
