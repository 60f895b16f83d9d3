using Kit.Core.Kitfiles;
using Kit.Core.Unpacking;

namespace Kit.Core.Format;

/// <summary>
/// The one table of ModelKit layer kinds. Each row says where the kind's entries live in a Kitfile and how its
/// layers are named: media type, messages, unpack filter. <see cref="All"/> is the pack order, which is also the
/// order of the sections in the config JSON and of the layers in the manifest.
/// </summary>
/// <remarks>
/// Code that needs the entries of a Kitfile walks <see cref="KitfileLayers.Of"/> instead of naming sections, so a
/// new kind is one row here plus its entry record, its filter type and its fields in <see cref="KitfileSchema"/>.
/// </remarks>
internal sealed class LayerKind
{
    public static readonly LayerKind Model = new()
    {
        ModelPackBase = "weight", Section = "model", MediaTypeBase = "model", Filter = UnpackFilterType.Model, DisplayName = "model", ValidationRank = 0, PathNoun = "model",
        IsSingle = true, MayReferenceModelKit = true,
        ValidationIdOf = (name, _) => $"model {name}",
        EntryAt = path => new ModelSection { Path = path },
        EntriesOf = k => k.Model is { } model ? [model] : [],
        Replace = (k, entries) => k with { Model = (ModelSection?)entries.SingleOrDefault() },
    };

    public static readonly LayerKind ModelPart = new()
    {
        ModelPackBase = "weight.config", Section = "model.parts", MediaTypeBase = "modelpart", Filter = UnpackFilterType.Model, DisplayName = "model part", ValidationRank = 1, PathNoun = "model part",
        ValidationIdOf = (name, _) => $"modelpart {name}",
        EntryAt = path => new ModelPart { Path = path },
        EntriesOf = k => k.Model?.Parts ?? [],
        Replace = (k, entries) => entries.Count == 0 && k.Model is null ? k : k with { Model = (k.Model ?? new()) with { Parts = [.. entries.Cast<ModelPart>()] } },
    };

    public static readonly LayerKind Code = new()
    {
        ModelPackBase = "code", Section = "code", MediaTypeBase = "code", Filter = UnpackFilterType.Code, DisplayName = "code", ValidationRank = 3, PathNoun = "code",
        ValidationIdOf = (_, index) => $"code layer {index}",
        EntryAt = path => new CodeEntry { Path = path },
        EntriesOf = k => k.Code,
        Replace = (k, entries) => k with { Code = [.. entries.Cast<CodeEntry>()] },
    };

    public static readonly LayerKind Dataset = new()
    {
        ModelPackBase = "dataset", Section = "datasets", MediaTypeBase = "dataset", Filter = UnpackFilterType.Datasets, DisplayName = "dataset", ValidationRank = 2, PathNoun = "dataset",
        ValidationIdOf = (name, _) => $"dataset {name}",
        // A dataset whose data lives elsewhere (S3, another ModelKit) is kept in the config but has no layer.
        IsRemote = e => ((DatasetEntry)e).RemotePath.Length > 0,
        EntryAt = path => new DatasetEntry { Path = path },
        EntriesOf = k => k.Datasets,
        Replace = (k, entries) => k with { Datasets = [.. entries.Cast<DatasetEntry>()] },
    };

    public static readonly LayerKind Docs = new()
    {
        ModelPackBase = "doc", Section = "docs", MediaTypeBase = "docs", Filter = UnpackFilterType.Docs, DisplayName = "docs", ValidationRank = 4, PathNoun = "doc",
        ValidationIdOf = (_, index) => $"docs layer {index}",
        EntryAt = path => new DocsEntry { Path = path },
        EntriesOf = k => k.Docs,
        Replace = (k, entries) => k with { Docs = [.. entries.Cast<DocsEntry>()] },
    };

    /// <summary>Prompts are code layers to every reader that does not look at the subtype annotation (as KitOps packs them).</summary>
    public static readonly LayerKind Prompt = new()
    {
        ModelPackBase = "code", Section = "prompts", MediaTypeBase = "code", Filter = UnpackFilterType.Prompts, DisplayName = "prompt", ValidationRank = 5, PathNoun = "prompt",
        Subtype = "prompt",
        ValidationIdOf = (_, index) => $"prompt layer {index}",
        EntryAt = path => new PromptEntry { Path = path },
        EntriesOf = k => k.Prompts,
        Replace = (k, entries) => k with { Prompts = [.. entries.Cast<PromptEntry>()] },
    };

    public static readonly LayerKind McpServer = new()
    {
        Section = "mcpServers", MediaTypeBase = "mcpb", Filter = UnpackFilterType.McpServers, DisplayName = "MCP server", ValidationRank = 6, PathNoun = "mcpServer",
        IsBundle = true,
        ValidationIdOf = (_, index) => $"mcpServer layer {index}",
        EntryAt = path => new McpServerEntry { Path = path },
        EntriesOf = k => k.McpServers,
        Replace = (k, entries) => k with { McpServers = [.. entries.Cast<McpServerEntry>()] },
    };

    /// <summary>Every kind, in pack order.</summary>
    public static IReadOnlyList<LayerKind> All { get; } = [Model, ModelPart, Code, Dataset, Docs, Prompt, McpServer];

    // Every row sets every column; the delegates cannot be 'required' because they are not public.
    private LayerKind() { }

    /// <summary>Where the entries are in the Kitfile, as a dotted path of YAML/JSON keys.</summary>
    public required string Section { get; init; }

    /// <summary>
    /// The base type inside the media type (<c>application/vnd.kitops.modelkit.&lt;base&gt;.v1.tar</c>); also the word
    /// pack and unpack messages use for the layer.
    /// </summary>
    public required string MediaTypeBase { get; init; }

    /// <summary>
    /// The base type inside a CNCF ModelPack media type (<c>application/vnd.cncf.model.&lt;base&gt;.v1.tar</c>), as KitOps
    /// maps its kinds onto model-spec's; null for a kind model-spec has no type for (MCP bundles).
    /// </summary>
    public string? ModelPackBase { get; private init; }

    /// <summary>The <c>--filter</c> type that selects these layers (<c>model</c> covers the parts too).</summary>
    public required UnpackFilterType Filter { get; init; }

    /// <summary>How unpack announces an entry: <c>Unpacking &lt;display name&gt; [&lt;name&gt;] to &lt;path&gt;</c>.</summary>
    public required string DisplayName { get; init; }

    /// <summary>
    /// KitOps's validator visits the kinds in its own order (datasets before code), and duplicate-path messages
    /// list entries in that order.
    /// </summary>
    internal int ValidationRank { get; private init; }

    /// <summary>How the validator names the kind in path errors: <c>invalid path for &lt;noun&gt; (...)</c>.</summary>
    internal string PathNoun { get; private init; } = "";

    /// <summary>The section is one object (not a list) whose layer is optional: without a path it has none.</summary>
    public bool IsSingle { get; private init; }

    /// <summary>The path may name another ModelKit (the parent), and then the entry has no layer of its own.</summary>
    public bool MayReferenceModelKit { get; private init; }

    /// <summary>
    /// The <c>ml.kitops.modelkit.layer-subtype</c> annotation this kind's layers carry; null for none. A kind with a
    /// subtype shares its media type with the kind without one.
    /// </summary>
    public string? Subtype { get; private init; }

    /// <summary>
    /// The layer is the entry's one file verbatim (an MCP bundle): always the raw format, never compressed, whatever
    /// <c>--layer-format</c> and <c>--compression</c> say.
    /// </summary>
    public bool IsBundle { get; private init; }

    /// <summary>Whether an entry points at data stored outside the ModelKit and so has no layer.</summary>
    private Func<IKitfileEntry, bool> IsRemote { get; init; } = _ => false;

    /// <summary>How the validator names an entry (e.g. <c>dataset train</c>, <c>code layer 0</c>) from its name and index.</summary>
    private Func<string, int, string> ValidationIdOf { get; init; } = null!;

    /// <summary>A new entry of this kind with nothing but its path (for a Kitfile made up from a manifest).</summary>
    internal Func<string, IKitfileEntry> EntryAt { get; private init; } = null!;

    /// <summary>This kind's entries of a Kitfile, in section order.</summary>
    internal Func<Kitfile, IEnumerable<IKitfileEntry>> EntriesOf { get; private init; } = null!;

    /// <summary>
    /// The Kitfile with this kind's section replaced by the given entries (of this kind's entry type; at most one for
    /// a single section).
    /// </summary>
    internal Func<Kitfile, IReadOnlyList<IKitfileEntry>, Kitfile> Replace { get; private init; } = null!;

    internal string ValidationId(KitfileLayer layer) => ValidationIdOf(layer.Name ?? "", layer.Index);

    /// <summary>Whether the entry becomes a layer when packed.</summary>
    internal bool HasLayer(IKitfileEntry entry)
    {
        if (IsSingle && entry.Path.Length == 0) return false;
        if (IsRemote(entry)) return false;
        return !(MayReferenceModelKit && ModelKitReferenceDetector.IsModelKitReference(entry.Path));
    }

    /// <summary>The kind whose layers use <paramref name="mediaTypeBase"/> and carry <paramref name="subtype"/> (null: no subtype annotation).</summary>
    /// <remarks>
    /// Kinds that share a base (prompts are code layers) are told apart by the subtype annotation; an unknown subtype
    /// reads as the kind without one, so a later KitOps subtype still unpacks as its base kind.
    /// </remarks>
    public static bool TryParseMediaTypeBase(string mediaTypeBase, string? subtype, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LayerKind? kind)
    {
        kind = ByBase(k => k.MediaTypeBase, mediaTypeBase, subtype);
        return kind is not null;
    }

    /// <summary>The kind whose ModelPack layers use <paramref name="modelPackBase"/> (the subtype as for <see cref="TryParseMediaTypeBase"/>).</summary>
    public static bool TryParseModelPackBase(string modelPackBase, string? subtype, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LayerKind? kind)
    {
        kind = ByBase(k => k.ModelPackBase, modelPackBase, subtype);
        return kind is not null;
    }

    private static LayerKind? ByBase(Func<LayerKind, string?> baseOf, string value, string? subtype) =>
        All.FirstOrDefault(k => baseOf(k) == value && k.Subtype is not null && k.Subtype == subtype)
        ?? All.FirstOrDefault(k => baseOf(k) == value && k.Subtype is null);

    public override string ToString() => MediaTypeBase;
}
