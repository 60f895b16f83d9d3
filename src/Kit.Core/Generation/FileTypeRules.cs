namespace Kit.Core.Generation;

/// <summary>
/// KitOps's table that guesses a file's role from its name; the first rule that matches wins and suffixes are
/// compared case-sensitively.
/// </summary>
internal static class FileTypeRules
{
    /// <summary>Agent instruction files, compared with the lower-cased name.</summary>
    private static readonly string[] PromptNames = ["agents.md", "skill.md", "claude.md"];

    private static readonly string[] ModelSuffixes =
    [
        ".safetensors", ".pkl", ".joblib",
        ".pth", ".pt", ".mar", ".pt2", ".ptl",
        ".pb", ".ckpt", ".tflite", ".tfrecords",
        ".npy", ".npz",
        ".keras", ".h5", ".caffemodel", ".pmml", ".coreml",
        ".gguf", ".ggml", ".ggmf", ".llamafile", ".onnx",
    ];

    /// <summary>An MCP server bundle (a ZIP with a manifest.json), which KitOps 1.17 lists under <c>mcpServers</c>.</summary>
    public const string McpBundleSuffix = ".mcpb";

    private static readonly string[] MetadataSuffixes = [".json", ".yaml", ".xml", ".txt"];
    private static readonly string[] DocsSuffixes = [".md", ".adoc", ".html", ".pdf"];
    private static readonly string[] DatasetSuffixes = [".tar", ".zip", ".parquet", ".csv"];

    /// <summary>The type of a file by its name (not its path: KitOps tests the root's files by path, which keeps
    /// <c>*pytorch_model*.bin</c> from matching below the root with <c>--depth</c>).</summary>
    public static GeneratedFileType Classify(string fileName)
    {
        var lower = fileName.ToLowerInvariant();
        if (fileName.EndsWith(McpBundleSuffix, StringComparison.Ordinal)) return GeneratedFileType.McpServer;
        if (PromptNames.Contains(lower) || lower.Contains(".prompt", StringComparison.Ordinal)) return GeneratedFileType.Prompt;
        if (HasSuffix(fileName, ModelSuffixes) || IsPyTorchBin(fileName)) return GeneratedFileType.Model;
        if (HasSuffix(fileName, MetadataSuffixes)) return GeneratedFileType.Metadata;
        if (HasSuffix(fileName, DocsSuffixes)) return GeneratedFileType.Docs;
        if (HasSuffix(fileName, DatasetSuffixes)) return GeneratedFileType.Dataset;
        return GeneratedFileType.Unknown;
    }

    private static bool HasSuffix(string name, string[] suffixes) => suffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal));

    /// <summary>The glob <c>*pytorch_model*.bin</c>: plain <c>.bin</c> files are too generic to be taken for weights.</summary>
    private static bool IsPyTorchBin(string name) =>
        name.EndsWith(".bin", StringComparison.Ordinal) && name[..^".bin".Length].Contains("pytorch_model", StringComparison.Ordinal);
}
