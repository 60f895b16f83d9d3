using Kit.Core.Kitfiles;
using Kit.Core.Unpacking;

namespace Kit.Core.Store;

/// <summary>
/// <c>kit list -f TYPE[,TYPE][:IDS]</c>: a ModelKit is listed when its Kitfile has an entry that any filter matches
/// (the parser and matching of <c>kit unpack --filter</c>); <c>kitfile</c> matches every ModelKit with a Kitfile, and one
/// whose config is not a Kitfile matches no filter.
/// </summary>
internal static class ModelKitListFilter
{
    /// <exception cref="KitException">A filter does not parse: <c>Invalid arguments: invalid filter "&lt;f&gt;": &lt;why&gt;</c>.</exception>
    public static UnpackFilterSet Parse(IEnumerable<string> filters)
    {
        var parsed = new List<UnpackFilter>();
        foreach (var f in filters)
        {
            if (!UnpackFilter.TryParse(f, out var filter, out var error))
                throw new KitException($"Invalid arguments: invalid filter \"{f}\": {error}");
            parsed.Add(filter);
        }
        return UnpackFilterSet.Of(parsed);
    }

    public static IReadOnlyList<ModelKitListing> Apply(IReadOnlyList<ModelKitListing> rows, UnpackFilterSet filters) =>
        filters.IsEverything ? rows : rows.Where(r => Matches(r, filters)).ToList();

    private static bool Matches(ModelKitListing row, UnpackFilterSet filters)
    {
        if (row.Config is null)
            return false;
        Kitfile kitfile;
        try
        {
            kitfile = KitfileJson.Read(row.Config);
        }
        catch (Exception e) when (e is KitfileException or System.Text.Json.JsonException or FormatException)
        {
            return false;
        }
        if (filters.Filters.Any(f => f.Selects(UnpackFilterType.Kitfile)))
            return true;
        return KitfileLayers.Of(kitfile).Any(l => filters.Filters.Any(f => f.Matches(l.Kind.Filter, l.Name) || f.Matches(l.Kind.Filter, l.Path)));
    }
}
