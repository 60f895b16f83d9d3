using Kit.Core.Kitfiles.Schema;

namespace Kit.Core.Kitfiles;

/// <summary>
/// The Kitfile's fields, once, in KitOps' Go struct order (the order of config JSON and YAML output), with their
/// omitempty rules. The YAML reader, the config reader and writer and the YAML view all walk these lists.
/// </summary>
internal static class KitfileSchema
{
    private static readonly SchemaObject<PackageSection> Package = new(
        new StringField<PackageSection>("name", x => x.Name, (x, v) => x with { Name = v }),
        new StringField<PackageSection>("version", x => x.Version, (x, v) => x with { Version = v }),
        new StringField<PackageSection>("description", x => x.Description, (x, v) => x with { Description = v }),
        new StringField<PackageSection>("license", x => x.License, (x, v) => x with { License = v }),
        new StringListField<PackageSection>("authors", x => x.Authors, (x, v) => x with { Authors = v }));

    private static readonly SchemaObject<ModelPart> Part = new(
        new StringField<ModelPart>("name", x => x.Name, (x, v) => x with { Name = v }),
        new StringField<ModelPart>("path", x => x.Path, (x, v) => x with { Path = v }),
        new StringField<ModelPart>("license", x => x.License, (x, v) => x with { License = v }),
        new StringField<ModelPart>("type", x => x.Type, (x, v) => x with { Type = v }),
        new DigestField<ModelPart>("digest", x => x.Digest, (x, v) => x with { Digest = v }),
        new DigestField<ModelPart>("diffId", x => x.DiffId, (x, v) => x with { DiffId = v }));

    private static readonly SchemaObject<ModelSection> Model = new(
        new StringField<ModelSection>("name", x => x.Name, (x, v) => x with { Name = v }),
        new StringField<ModelSection>("path", x => x.Path, (x, v) => x with { Path = v }),
        new StringField<ModelSection>("license", x => x.License, (x, v) => x with { License = v }),
        new StringField<ModelSection>("framework", x => x.Framework, (x, v) => x with { Framework = v }),
        new StringField<ModelSection>("format", x => x.Format, (x, v) => x with { Format = v }),
        new StringField<ModelSection>("version", x => x.Version, (x, v) => x with { Version = v }),
        new StringField<ModelSection>("description", x => x.Description, (x, v) => x with { Description = v }),
        new ObjectListField<ModelSection, ModelPart>("parts", x => x.Parts, (x, v) => x with { Parts = v }, Part),
        new ParametersField<ModelSection>("parameters", x => x.Parameters, (x, v) => x with { Parameters = v }),
        new DigestField<ModelSection>("digest", x => x.Digest, (x, v) => x with { Digest = v }),
        new DigestField<ModelSection>("diffId", x => x.DiffId, (x, v) => x with { DiffId = v }));

    private static readonly SchemaObject<CodeEntry> Code = new(
        new StringField<CodeEntry>("path", x => x.Path, (x, v) => x with { Path = v }),
        new StringField<CodeEntry>("description", x => x.Description, (x, v) => x with { Description = v }),
        new StringField<CodeEntry>("license", x => x.License, (x, v) => x with { License = v }),
        new DigestField<CodeEntry>("digest", x => x.Digest, (x, v) => x with { Digest = v }),
        new DigestField<CodeEntry>("diffId", x => x.DiffId, (x, v) => x with { DiffId = v }));

    private static readonly SchemaObject<DatasetEntry> Dataset = new(
        new StringField<DatasetEntry>("name", x => x.Name, (x, v) => x with { Name = v }),
        new StringField<DatasetEntry>("path", x => x.Path, (x, v) => x with { Path = v }),
        new StringField<DatasetEntry>("remotePath", x => x.RemotePath, (x, v) => x with { RemotePath = v }),
        new StringField<DatasetEntry>("remoteHash", x => x.RemoteHash, (x, v) => x with { RemoteHash = v }),
        new StringField<DatasetEntry>("description", x => x.Description, (x, v) => x with { Description = v }),
        new StringField<DatasetEntry>("license", x => x.License, (x, v) => x with { License = v }),
        new ParametersField<DatasetEntry>("parameters", x => x.Parameters, (x, v) => x with { Parameters = v }),
        new DigestField<DatasetEntry>("digest", x => x.Digest, (x, v) => x with { Digest = v }),
        new DigestField<DatasetEntry>("diffId", x => x.DiffId, (x, v) => x with { DiffId = v }));

    private static readonly SchemaObject<DocsEntry> Docs = new(
        // KitOps declares docs' path without omitempty.
        new StringField<DocsEntry>("path", x => x.Path, (x, v) => x with { Path = v }, omitEmpty: false),
        new StringField<DocsEntry>("description", x => x.Description, (x, v) => x with { Description = v }),
        new DigestField<DocsEntry>("digest", x => x.Digest, (x, v) => x with { Digest = v }),
        new DigestField<DocsEntry>("diffId", x => x.DiffId, (x, v) => x with { DiffId = v }));

    private static readonly SchemaObject<PromptEntry> Prompt = new(
        new StringField<PromptEntry>("name", x => x.Name, (x, v) => x with { Name = v }),
        new StringField<PromptEntry>("path", x => x.Path, (x, v) => x with { Path = v }),
        new StringField<PromptEntry>("description", x => x.Description, (x, v) => x with { Description = v }),
        new DigestField<PromptEntry>("digest", x => x.Digest, (x, v) => x with { Digest = v }),
        new DigestField<PromptEntry>("diffId", x => x.DiffId, (x, v) => x with { DiffId = v }));

    private static readonly SchemaObject<McpServerEntry> McpServer = new(
        new StringField<McpServerEntry>("name", x => x.Name, (x, v) => x with { Name = v }),
        new StringField<McpServerEntry>("path", x => x.Path, (x, v) => x with { Path = v }),
        new StringField<McpServerEntry>("description", x => x.Description, (x, v) => x with { Description = v }),
        new DigestField<McpServerEntry>("digest", x => x.Digest, (x, v) => x with { Digest = v }),
        new DigestField<McpServerEntry>("diffId", x => x.DiffId, (x, v) => x with { DiffId = v }));

    public static readonly SchemaObject<Kitfile> Root = new(
        new StringField<Kitfile>("manifestVersion", x => x.ManifestVersion, (x, v) => x with { ManifestVersion = v }, omitEmpty: false),
        new ObjectField<Kitfile, PackageSection>("package", x => x.Package, (x, v) => x with { Package = v ?? PackageSection.Empty }, Package, nullable: false),
        new ObjectField<Kitfile, ModelSection>("model", x => x.Model, (x, v) => x with { Model = v }, Model, nullable: true),
        new ObjectListField<Kitfile, CodeEntry>("code", x => x.Code, (x, v) => x with { Code = v }, Code),
        new ObjectListField<Kitfile, DatasetEntry>("datasets", x => x.Datasets, (x, v) => x with { Datasets = v }, Dataset),
        new ObjectListField<Kitfile, DocsEntry>("docs", x => x.Docs, (x, v) => x with { Docs = v }, Docs),
        new ObjectListField<Kitfile, PromptEntry>("prompts", x => x.Prompts, (x, v) => x with { Prompts = v }, Prompt),
        new ObjectListField<Kitfile, McpServerEntry>("mcpServers", x => x.McpServers, (x, v) => x with { McpServers = v }, McpServer));
}
