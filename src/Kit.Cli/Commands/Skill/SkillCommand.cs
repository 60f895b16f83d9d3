using System.CommandLine;
using Kit.Core;
using Kit.Core.Skills;

namespace Kit.Cli.Commands.Skill;

/// <summary><c>kit skill</c>: installs the SKILL.md that teaches coding agents to use kit.</summary>
public static class SkillCommand
{
    /// <summary>The name in the embedded SKILL.md's front matter, and so the installed directory's.</summary>
    private const string Name = "kitops";

    public static Command Create(CommandHandler handler)
    {
        var dir = new Option<string?>("--dir", "-d") { Description = "Install into this project's agent directories instead of your user directories" };
        var agents = new Option<string?>("--agents") { Description = "Comma-separated agents to install for (default: every agent installed here)" };
        agents.CompletionSources.Add([.. CodingAgents.All(Environment.GetEnvironmentVariable).Select(a => a.Name)]);
        var overwrite = new Option<bool>("--overwrite", "-o") { Description = "Replace an existing skill directory" };
        var ignoreExisting = new Option<bool>("--ignore-existing", "-i") { Description = "Skip agents that already have the skill" };
        var command = new VerbCommand("skill", "Install the kit skill for coding agents (Claude Code, Cursor, Codex, ...)")
            { dir, agents, overwrite, ignoreExisting };
        command.Examples =
        [
            "kit skill                                   # every coding agent installed for your user",
            "kit skill --agents=claude-code,cursor -o    # these agents, replacing an earlier install",
            "kit skill -d . --agents=codex               # into ./.agents/skills of this project",
        ];
        handler.Bind(command, (parse, ctx, _) =>
        {
            if (parse.GetValue(overwrite) && parse.GetValue(ignoreExisting))
                throw new KitException("Invalid arguments: --overwrite and --ignore-existing cannot be used together");
            var project = parse.GetValue(dir) is { } d ? Path.GetFullPath(d, ctx.WorkingDirectory) : null;
            var selected = CodingAgents.Select(parse.GetValue(agents), ctx.Variable, ctx.Log.Info);
            var existing = parse.GetValue(overwrite) ? ExistingSkill.Overwrite
                : parse.GetValue(ignoreExisting) ? ExistingSkill.Skip
                : ExistingSkill.Fail;
            var failures = SkillInstaller.Install(Name, [new SkillFile("SKILL.md", EmbeddedSkill())], selected, project, existing, ctx.Log.Info);
            if (failures > 0) throw new KitException($"failed to install skill for {failures} agent(s)");
            return Task.FromResult(0);
        });
        return command;
    }

    private static byte[] EmbeddedSkill()
    {
        using var stream = typeof(SkillCommand).Assembly.GetManifestResourceStream("Kit.Cli.SKILL.md")
            ?? throw new InvalidOperationException("the embedded SKILL.md is missing from this build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
