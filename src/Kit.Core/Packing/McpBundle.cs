using System.IO.Compression;

namespace Kit.Core.Packing;

/// <summary>The checks KitOps makes before packing an <c>mcpServers</c> entry: one regular file, a ZIP with a root <c>manifest.json</c>.</summary>
internal static class McpBundle
{
    /// <summary>Plans the bundle's raw layer.</summary>
    /// <exception cref="PackingException"><c>invalid MCP bundle for mcpServer &lt;name&gt;: ...</c>.</exception>
    public static LayerPlan Plan(string contextDir, string name, string path)
    {
        LayerPlan plan;
        try
        {
            plan = LayerWalker.PlanFile(contextDir, path);
        }
        catch (PackingException e) when (e.Message.StartsWith("file ", StringComparison.Ordinal))
        {
            throw Invalid(name, $"MCP bundle path {path} must be a single .mcpb file", e);
        }
        try
        {
            using var zip = new ZipArchive(File.OpenRead(plan.Entries[0].FullPath), ZipArchiveMode.Read);
            if (!zip.Entries.Any(e => e.FullName == "manifest.json"))
                throw Invalid(name, $"MCP bundle {path} does not contain a manifest.json at its root");
        }
        catch (InvalidDataException e)
        {
            throw Invalid(name, $"MCP bundle {path} is not a valid ZIP archive: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(name, $"MCP bundle {path} cannot be read: {Formatting.FileSystemMessages.Describe(e, plan.Entries[0].FullPath)}", e);
        }
        return plan;
    }

    private static PackingException Invalid(string name, string why, Exception? inner = null) =>
        inner is null ? new($"invalid MCP bundle for mcpServer {name}: {why}") : new($"invalid MCP bundle for mcpServer {name}: {why}", inner);
}
