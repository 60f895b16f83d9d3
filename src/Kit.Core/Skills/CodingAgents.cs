namespace Kit.Core.Skills;

/// <summary>
/// The coding agents skills can be installed for, with KitOps's table of their directories (itself taken from
/// vercel-labs/skills). Paths depend on the environment: <c>HOME</c>, <c>XDG_CONFIG_HOME</c> (default
/// <c>~/.config</c>), <c>CLAUDE_CONFIG_DIR</c> (default <c>~/.claude</c>) and <c>CODEX_HOME</c> (default <c>~/.codex</c>).
/// </summary>
/// <remarks>
/// For cortex, pi, windsurf, trae-cn and codex KitOps's table gives no detection directory we could confirm; the
/// directory holding the global skills directory is used, as for every other agent.
/// </remarks>
internal static class CodingAgents
{
    /// <summary>Every agent, sorted by name.</summary>
    public static IReadOnlyList<CodingAgent> All(Func<string, string?> environment)
    {
        var home = NonEmpty(environment("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var xdg = NonEmpty(environment("XDG_CONFIG_HOME")) ?? Path.Combine(home, ".config");
        var claude = NonEmpty(environment("CLAUDE_CONFIG_DIR")) ?? Path.Combine(home, ".claude");
        var codex = NonEmpty(environment("CODEX_HOME")) ?? Path.Combine(home, ".codex");
        string Home(params string[] parts) => Path.Combine([home, .. parts]);
        string Xdg(params string[] parts) => Path.Combine([xdg, .. parts]);
        const string shared = ".agents/skills";

        var agents = new List<CodingAgent>
        {
            new("claude-code", ".claude/skills", Path.Combine(claude, "skills"), [claude]),
            new("codex", shared, Path.Combine(codex, "skills"), [codex]),
            new("amp", shared, Xdg("agents", "skills"), [Xdg("amp")]),
            new("kimi-cli", shared, Xdg("agents", "skills"), [Home(".kimi")]),
            new("replit", shared, Xdg("agents", "skills"), []),
            new("universal", shared, Xdg("agents", "skills"), []),
            new("opencode", shared, Xdg("opencode", "skills"), [Xdg("opencode")]),
            new("cline", shared, Home(".agents", "skills"), [Home(".cline")]),
            new("warp", shared, Home(".agents", "skills"), [Home(".warp")]),
            new("antigravity", shared, Home(".gemini", "antigravity", "skills"), [Home(".gemini", "antigravity")]),
            new("deepagents", shared, Home(".deepagents", "agent", "skills"), [Home(".deepagents")]),
            new("crush", ".crush/skills", Xdg("crush", "skills"), [Xdg("crush")]),
            new("goose", ".goose/skills", Xdg("goose", "skills"), [Xdg("goose")]),
            new("openclaw", "skills", Home(".openclaw", "skills"), [Home(".openclaw"), Home(".clawdbot"), Home(".moltbot")]),
            new("cortex", ".cortex/skills", Home(".snowflake", "cortex", "skills"), [Home(".snowflake", "cortex")]),
            new("pi", ".pi/skills", Home(".pi", "agent", "skills"), [Home(".pi", "agent")]),
            new("windsurf", ".windsurf/skills", Home(".codeium", "windsurf", "skills"), [Home(".codeium", "windsurf")]),
            new("trae-cn", ".trae/skills", Home(".trae-cn", "skills"), [Home(".trae-cn")]),
        };
        // Agents that keep project skills in the shared directory and user skills under their own dot directory.
        foreach (var (name, dir) in new[]
        {
            ("cursor", ".cursor"), ("firebender", ".firebender"), ("gemini-cli", ".gemini"), ("github-copilot", ".copilot"),
        })
            agents.Add(new(name, shared, Home(dir, "skills"), [Home(dir)]));
        // Agents that use their own dot directory for both.
        foreach (var (name, dir) in new[]
        {
            ("adal", ".adal"), ("augment", ".augment"), ("bob", ".bob"), ("codebuddy", ".codebuddy"), ("command-code", ".commandcode"),
            ("continue", ".continue"), ("droid", ".factory"), ("iflow-cli", ".iflow"), ("junie", ".junie"), ("kilo", ".kilocode"),
            ("kiro-cli", ".kiro"), ("kode", ".kode"), ("mcpjam", ".mcpjam"), ("mistral-vibe", ".vibe"), ("mux", ".mux"),
            ("neovate", ".neovate"), ("openhands", ".openhands"), ("pochi", ".pochi"), ("qoder", ".qoder"), ("qwen-code", ".qwen"),
            ("roo", ".roo"), ("trae", ".trae"), ("zencoder", ".zencoder"),
        })
            agents.Add(new(name, $"{dir}/skills", Home(dir, "skills"), [Home(dir)]));
        agents.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return agents;
    }

    /// <summary>
    /// The agents an <c>--agents</c> value names (comma-separated), or with null or <c>auto</c> those installed here.
    /// </summary>
    /// <param name="names">The value given, or null.</param>
    /// <param name="environment">Reads the environment variables the agents' directories depend on.</param>
    /// <param name="log">Receives the "Detected installed agents" line.</param>
    /// <exception cref="KitException">An empty or unknown name, or nothing detected.</exception>
    public static IReadOnlyList<CodingAgent> Select(string? names, Func<string, string?> environment, Action<string> log)
    {
        var all = All(environment);
        if (string.IsNullOrEmpty(names) || names == "auto")
        {
            var detected = all.Where(a => a.IsInstalled).ToList();
            if (detected.Count == 0)
                throw new KitException("no installed agents detected. Specify agents explicitly, e.g. --agents=claude-code,cursor");
            log($"Detected installed agents: {string.Join(", ", detected.Select(a => a.Name))}");
            return detected;
        }
        var selected = new List<CodingAgent>();
        foreach (var raw in names.Split(','))
        {
            var name = raw.Trim();
            if (name.Length == 0) throw new KitException($"invalid agent list: empty agent name in '{names}'");
            var agent = all.FirstOrDefault(a => a.Name == name)
                ?? throw new KitException($"unknown agent '{name}'. Valid agents: {string.Join(", ", all.Select(a => a.Name))}");
            if (!selected.Contains(agent)) selected.Add(agent);
        }
        return selected;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
