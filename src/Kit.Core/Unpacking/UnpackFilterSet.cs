using Kit.Core.Format;
using Kit.Core.Kitfiles;

namespace Kit.Core.Unpacking;

/// <summary>
/// The filters of one <c>kit unpack</c>: an entry is unpacked when any filter matches it, and an empty set
/// unpacks everything including the Kitfile.
/// </summary>
internal sealed class UnpackFilterSet
{
    private UnpackFilterSet(IReadOnlyList<UnpackFilter> filters) => Filters = filters;

    public static UnpackFilterSet Everything { get; } = new([]);

    public IReadOnlyList<UnpackFilter> Filters { get; }

    public bool IsEverything => Filters.Count == 0;

    public static UnpackFilterSet Of(params IEnumerable<UnpackFilter> filters) => new([.. filters]);

    /// <summary>Parses every <c>--filter</c> value; throws <see cref="FormatException"/> on the first bad one.</summary>
    public static UnpackFilterSet Parse(IEnumerable<string> filters) => new([.. filters.Select(UnpackFilter.Parse)]);

    /// <summary>
    /// Combines <c>--filter</c> values with the deprecated <c>--kitfile --model --code --datasets --docs</c> booleans,
    /// which together form one more filter.
    /// </summary>
    /// <remarks>KitOps silently ignores every <c>--filter</c> when any deprecated flag is set; ORing both is what a user expects.</remarks>
    public static UnpackFilterSet FromOptions(IEnumerable<string> filters, bool kitfile, bool model, bool code, bool datasets, bool docs)
    {
        var parsed = filters.Select(UnpackFilter.Parse).ToList();
        var deprecated = FromDeprecatedFlags(kitfile, model, code, datasets, docs);
        parsed.AddRange(deprecated.Filters);
        return new UnpackFilterSet(parsed);
    }

    /// <summary>The deprecated booleans as one filter; none set means no filtering.</summary>
    public static UnpackFilterSet FromDeprecatedFlags(bool kitfile, bool model, bool code, bool datasets, bool docs)
    {
        var types = new List<UnpackFilterType>();
        if (kitfile) types.Add(UnpackFilterType.Kitfile);
        if (model) types.Add(UnpackFilterType.Model);
        if (docs) types.Add(UnpackFilterType.Docs);
        if (datasets) types.Add(UnpackFilterType.Datasets);
        if (code) types.Add(UnpackFilterType.Code);
        return types.Count == 0 ? Everything : new([UnpackFilter.Create(types)]);
    }

    /// <summary>With filters, the Kitfile is written only when a filter names <c>kitfile</c>; its ids do not apply.</summary>
    public bool IncludesKitfile => IsEverything || Filters.Any(f => f.Selects(UnpackFilterType.Kitfile));

    /// <summary>Whether <paramref name="layer"/> is unpacked, matching ids against its name or path.</summary>
    public bool Includes(KitfileLayer layer) => Includes(layer.Kind, layer.Name, layer.Path);

    /// <summary>Whether an entry of <paramref name="kind"/> is unpacked; <c>model</c> selects the parts too.</summary>
    public bool Includes(LayerKind kind, string? name, string? path) => IncludesNamed(kind.Filter, name, path);

    /// <summary>Whether an entry of <paramref name="type"/> is unpacked, matching ids against its name or its path as written in the Kitfile.</summary>
    public bool IncludesNamed(UnpackFilterType type, string? name, string? path) =>
        type == UnpackFilterType.Kitfile
            ? IncludesKitfile
            : IsEverything || Filters.Any(f => f.Matches(type, name) || f.Matches(type, path));

    /// <summary>
    /// What is unpacked from a referenced parent kit: only its model and parts, so no filters means the model
    /// of every ancestor; null when no filter selects the model type, and then parents are skipped. Ids are kept.
    /// </summary>
    public UnpackFilterSet? ForParentModel()
    {
        if (IsEverything) return new([UnpackFilter.Create([UnpackFilterType.Model])]);
        var model = Filters.Where(f => f.Selects(UnpackFilterType.Model)).Select(f => UnpackFilter.Create([UnpackFilterType.Model], f.Ids)).ToList();
        return model.Count == 0 ? null : new(model);
    }

    public override string ToString() => string.Join(' ', Filters.Select(f => "--filter=" + f));
}
