namespace Kit.Core.Generation;

/// <summary>What the Kitfile generator takes a file for, from its name.</summary>
/// <remarks>The order is KitOps's: a directory's types are weighed in this order to tell single-type from mixed ones.</remarks>
internal enum GeneratedFileType
{
    Model,
    Dataset,
    Docs,
    Metadata,
    Prompt,
    McpServer,
    Unknown,
}
