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
/// new kind is one row here plus its entry record and schema fields.
/// </remarks>
public sealed class LayerKind
{
    public static readonly LayerKind Model = new(
        "model", "model", UnpackFilterType.Model, "model", validationRank: 0,
        (name, _) => $"model {name}",
        k => k.Model is { } model ? [model] : [],
        (k, entries) => k with { Model = (ModelSection?)entries.SingleOrDefault() })
    {
        // The model is one object, not a list: it describes the model even without a layer.
        IsSingle = true,
        MayReferenceModelKit = true,
    };

    public static readonly LayerKind ModelPart = new(
        "model.parts", "modelpart", UnpackFilterType.Model, "model part", validationRank: 1,
        (name, _) => $"modelpart {name}",
        k => k.Model?.Parts ?? [],
        (k, entries) => entries.Count == 0 && k.Model is null ? k : k with { Model = (k.Model ?? new()) with { Parts = [.. entries.Cast<ModelPart>()] } });

    public static readonly LayerKind Code = new(
        "code", "code", UnpackFilterType.Code, "code", validationRank: 3,
        (_, index) => $"code layer {index}",
        k => k.Code,
        (k, entries) => k with { Code = [.. entries.Cast<CodeEntry>()] });

    public static readonly LayerKind Dataset = new(
        "datasets", "dataset", UnpackFilterType.Datasets, "dataset", validationRank: 2,
        (name, _) => $"dataset {name}",
        k => k.Datasets,
        (k, entries) => k with { Datasets = [.. entries.Cast<DatasetEntry>()] });

    public static readonly LayerKind Docs = new(
        "docs", "docs", UnpackFilterType.Docs, "docs", validationRank: 4,
        (_, index) => $"docs layer {index}",
        k => k.Docs,
        (k, entries) => k with { Docs = [.. entries.Cast<DocsEntry>()] });

    /// <summary>Every kind, in pack order.</summary>
    public static IReadOnlyList<LayerKind> All { get; } = [Model, ModelPart, Code, Dataset, Docs];

    private readonly Func<string, int, string> _validationId;
    private readonly Func<Kitfile, IEnumerable<IKitfileEntry>> _entries;
    private readonly Func<Kitfile, IReadOnlyList<IKitfileEntry>, Kitfile> _withEntries;

    private LayerKind(string section, string mediaTypeBase, UnpackFilterType filter, string displayName, int validationRank,
        Func<string, int, string> validationId, Func<Kitfile, IEnumerable<IKitfileEntry>> entries,
        Func<Kitfile, IReadOnlyList<IKitfileEntry>, Kitfile> withEntries)
    {
        Section = section;
        MediaTypeBase = mediaTypeBase;
        Filter = filter;
        DisplayName = displayName;
        ValidationRank = validationRank;
        _validationId = validationId;
        _entries = entries;
        _withEntries = withEntries;
    }

    /// <summary>Where the entries are in the Kitfile, as a dotted path of YAML/JSON keys.</summary>
    public string Section { get; }

    /// <summary>
    /// The base type inside the media type (<c>application/vnd.kitops.modelkit.&lt;base&gt;.v1.tar</c>); also the word
    /// pack and unpack messages use for the layer.
    /// </summary>
    public string MediaTypeBase { get; }

    /// <summary>The <c>--filter</c> type that selects these layers (<c>model</c> covers the parts too).</summary>
    public UnpackFilterType Filter { get; }

    /// <summary>How unpack announces an entry: <c>Unpacking &lt;display name&gt; [&lt;name&gt;] to &lt;path&gt;</c>.</summary>
    public string DisplayName { get; }

    /// <summary>
    /// KitOps's validator visits the kinds in its own order (datasets before code), and duplicate-path messages
    /// list entries in that order.
    /// </summary>
    internal int ValidationRank { get; }

    /// <summary>The section is one object (not a list) whose layer is optional: without a path it has none.</summary>
    public bool IsSingle { get; private init; }

    /// <summary>The path may name another ModelKit (the parent), and then the entry has no layer of its own.</summary>
    public bool MayReferenceModelKit { get; private init; }

    /// <summary>How the validator names an entry in its messages (e.g. <c>dataset train</c>, <c>code layer 0</c>).</summary>
    internal string ValidationId(KitfileLayer layer) => _validationId(layer.Name ?? "", layer.Index);

    /// <summary>Whether the entry becomes a layer when packed.</summary>
    internal bool HasLayer(IKitfileEntry entry)
    {
        if (IsSingle && entry.Path.Length == 0) return false;
        return !(MayReferenceModelKit && ModelKitReferenceDetector.IsModelKitReference(entry.Path));
    }

    /// <summary>This kind's entries of <paramref name="kitfile"/>, in section order.</summary>
    internal IEnumerable<IKitfileEntry> EntriesOf(Kitfile kitfile) => _entries(kitfile);

    /// <summary>
    /// <paramref name="kitfile"/> with this kind's section replaced by <paramref name="entries"/> (of this kind's entry
    /// type; at most one for a single section).
    /// </summary>
    internal Kitfile WithEntries(Kitfile kitfile, IReadOnlyList<IKitfileEntry> entries) => _withEntries(kitfile, entries);

    /// <summary>The kind whose layers use <paramref name="mediaTypeBase"/>.</summary>
    public static bool TryParseMediaTypeBase(string mediaTypeBase, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LayerKind? kind)
    {
        kind = All.FirstOrDefault(k => k.MediaTypeBase == mediaTypeBase);
        return kind is not null;
    }

    public override string ToString() => MediaTypeBase;
}
