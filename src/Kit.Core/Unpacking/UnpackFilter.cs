using System.Diagnostics.CodeAnalysis;

namespace Kit.Core.Unpacking;

/// <summary>One <c>--filter</c> value: <c>type1,type2[:id1,id2]</c>.</summary>
internal sealed class UnpackFilter
{
    public const string FormatError = "invalid filter: should be in format <type1>,<type2>[:<filter1>,<filter2>]";

    private UnpackFilter(IReadOnlyList<UnpackFilterType> types, IReadOnlyList<string> ids)
    {
        Types = types;
        Ids = ids;
    }

    /// <summary>The selected types, in the order given, without duplicates.</summary>
    public IReadOnlyList<UnpackFilterType> Types { get; }

    /// <summary>Names or paths an entry must equal (paths after cleaning); empty means every entry of the selected types.</summary>
    public IReadOnlyList<string> Ids { get; }

    public static UnpackFilter Create(IEnumerable<UnpackFilterType> types, IEnumerable<string>? ids = null) =>
        new([.. types.Distinct()], [.. ids ?? []]);

    public bool Selects(UnpackFilterType type) => Types.Contains(type);

    /// <summary>True when <paramref name="type"/> is selected and <paramref name="field"/> (a name or path) passes the id list.</summary>
    /// <remarks>Paths are compared after cleaning, so <c>./README.md</c> matches <c>README.md</c>.</remarks>
    public bool Matches(UnpackFilterType type, string? field) =>
        Selects(type) && (Ids.Count == 0 || (field is not null && Ids.Any(id => id == field || Kitfiles.KitfilePath.Clean(id) == Kitfiles.KitfilePath.Clean(field))));

    public override string ToString()
    {
        var types = string.Join(',', Types.Select(TypeName));
        return Ids.Count == 0 ? types : types + ":" + string.Join(',', Ids);
    }

    /// <exception cref="FormatException">KitOps's unpack message: <c>Invalid filter '&lt;f&gt;': &lt;why&gt;</c>.</exception>
    public static UnpackFilter Parse(string value) =>
        TryParse(value, out var filter, out var error) ? filter : throw new FormatException($"Invalid filter '{value}': {error}");

    /// <summary>Parses one filter; <paramref name="error"/> carries KitOps's message text.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out UnpackFilter? filter, [NotNullWhen(false)] out string? error)
    {
        filter = null;
        var typesAndIds = (value ?? "").Split(':');
        if (typesAndIds.Length > 2)
        {
            error = FormatError;
            return false;
        }

        var types = new List<UnpackFilterType>();
        foreach (var name in typesAndIds[0].Split(','))
        {
            if (!TryParseType(name, out var type))
            {
                error = $"invalid filter type {name} (must be one of {TypeList()})";
                return false;
            }
            if (!types.Contains(type))
                types.Add(type);
        }

        string[] ids = [];
        if (typesAndIds.Length == 2)
        {
            ids = typesAndIds[1].Split(',');
            // KitOps keeps an empty id, which then matches nothing; saying so is kinder than unpacking nothing.
            if (ids.Any(id => id.Length == 0))
            {
                error = $"invalid filter {value}: empty name or path after ':' (use '{typesAndIds[0]}' to select every entry)";
                return false;
            }
        }

        filter = new UnpackFilter(types, ids);
        error = null;
        return true;
    }

    public static bool TryParseType(string name, out UnpackFilterType type)
    {
        foreach (var candidate in Enum.GetValues<UnpackFilterType>())
        {
            if (TypeName(candidate) != name) continue;
            type = candidate;
            return true;
        }
        type = default;
        return false;
    }

    /// <summary>The type as <c>--filter</c> spells it: its name in lower case (<c>datasets</c>).</summary>
    public static string TypeName(UnpackFilterType type) => type.ToString().ToLowerInvariant();

    // KitOps 1.17's wording; 1.7 quoted the names and ended with "or".
    private static string TypeList() => string.Join(", ", Enum.GetValues<UnpackFilterType>().Select(TypeName));
}
