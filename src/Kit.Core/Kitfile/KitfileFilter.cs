using System.Text.RegularExpressions;

namespace Kit.Core.Kitfiles;

/// <summary>
/// <c>kit info --filter</c>: selects one node of the Kitfile by a dotted path of YAML field names
/// (<c>.package.name</c>, <c>.datasets</c>, <c>.model.parameters.lr</c>) and prints it as YAML.
/// Unlike KitOps, every field is reachable by its YAML/JSON name and absent sections give an error
/// instead of a crash.
/// </summary>
internal static partial class KitfileFilter
{
    [GeneratedRegex(@"^\.?[a-zA-Z0-9_-]+(\.[a-zA-Z0-9_-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex FilterSyntax();

    /// <exception cref="KitfileException">Bad filter syntax or no such node.</exception>
    public static string Apply(Kitfile kitfile, string filter)
    {
        var segments = Parse(filter);
        // KitOps prints the node with the struct's omitempty rules, yet finds a field even when it is
        // empty; so look in the view that keeps empty fields and print from the regular one when possible.
        YamlViewNode? shown = YamlView.Of(kitfile);
        YamlViewNode? found = YamlView.Of(kitfile, keepEmpty: true);
        foreach (var segment in segments)
        {
            found = Child(found, segment);
            shown = Child(shown, segment);
            if (found is null) throw new KitfileException($"error filtering output: cannot find required node {filter}");
        }
        var node = shown ?? (found is YamlViewMapping ? new YamlViewMapping([]) : found!);
        // Flow style comes from the field's tag in its parent; KitOps marshals the selected list alone, as a block list.
        if (node is YamlViewSequence { Flow: true } flow)
            node = flow with { Flow = false };
        return YamlViewWriter.Write(node);
    }

    /// <summary>Checks the syntax and splits the filter into field names.</summary>
    public static IReadOnlyList<string> Parse(string filter)
    {
        if (filter.Contains('[', StringComparison.Ordinal))
            throw new KitfileException("array access using '[]' is not currently supported");
        if (!FilterSyntax().IsMatch(filter))
            throw new KitfileException($"invalid filter '{filter}': expected a path of field names such as .model.name");
        return filter.TrimStart('.').Split('.');
    }

    private static YamlViewNode? Child(YamlViewNode? node, string name)
    {
        if (node is not YamlViewMapping mapping) return null;
        foreach (var (key, value) in mapping.Entries)
            if (key == name) return value;
        // Case-insensitive like KitOps, which capitalizes segments to match Go field names (.Package.Name).
        foreach (var (key, value) in mapping.Entries)
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }
}
