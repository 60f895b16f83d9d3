using Kit.Core.Kitfiles;

namespace Kit.Core.Generation;

/// <summary>A prompt the generator found: an agent file, a <c>.prompt</c> file, or a skill directory with its front matter.</summary>
internal sealed record GeneratedPrompt(string Path, string Name = "", string Description = "");

/// <summary>The entries the generator has found so far, in discovery order, section by section.</summary>
internal sealed class GeneratedSections
{
    public List<CodeEntry> Code { get; } = [];
    public List<DatasetEntry> Datasets { get; } = [];
    public List<DocsEntry> Docs { get; } = [];
    public List<GeneratedPrompt> Prompts { get; } = [];
    public List<McpServerEntry> McpServers { get; } = [];

    public void AddCode(string path) => Code.Add(new CodeEntry { Path = path });
    public void AddDataset(string path) => Datasets.Add(new DatasetEntry { Path = path });
    public void AddDocs(string path, string description = "") => Docs.Add(new DocsEntry { Path = path, Description = description });

    /// <summary>A bundle, named after its path without <c>.mcpb</c> (<c>servers/extra</c>), as KitOps names generated models.</summary>
    public void AddMcpServer(string path) =>
        McpServers.Add(new McpServerEntry { Name = path[..^FileTypeRules.McpBundleSuffix.Length], Path = path });

    /// <summary>Only prompts were found (no model, code, datasets or docs).</summary>
    public bool HasOnlyPrompts(ModelSection? model) => model is null && Code.Count == 0 && Datasets.Count == 0 && Docs.Count == 0 && McpServers.Count == 0;

    /// <summary>The Kitfile, prompts and skills in the <c>prompts</c> section as KitOps 1.17 writes them.</summary>
    public Kitfile ToKitfile(PackageSection package, ModelSection? model) => new()
    {
        ManifestVersion = "1.0.0",
        Package = package,
        Model = model,
        Code = [.. Code],
        Datasets = [.. Datasets],
        Docs = [.. Docs],
        Prompts = [.. Prompts.Select(p => new PromptEntry { Path = p.Path, Name = p.Name, Description = p.Description })],
        McpServers = [.. McpServers],
    };
}
