namespace Kit.Core.Skills;

/// <summary>
/// A coding agent that reads skills from a directory: <c>&lt;project&gt;/ProjectSkillsDirectory</c> for one project,
/// <see cref="GlobalSkillsDirectory"/> for the user.
/// </summary>
/// <param name="Name">The name users give in <c>--agents</c> / <c>--as-skill=</c>.</param>
/// <param name="ProjectSkillsDirectory">Relative to the project directory.</param>
/// <param name="GlobalSkillsDirectory">Absolute.</param>
/// <param name="DetectDirectories">The agent counts as installed when one of these exists; empty: never detected.</param>
internal sealed record CodingAgent(string Name, string ProjectSkillsDirectory, string GlobalSkillsDirectory, IReadOnlyList<string> DetectDirectories)
{
    public bool IsInstalled => DetectDirectories.Any(Directory.Exists);

    public string SkillsDirectory(string? projectDirectory) =>
        projectDirectory is null ? GlobalSkillsDirectory : Path.Combine(projectDirectory, ProjectSkillsDirectory);
}
