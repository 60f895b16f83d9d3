using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Core.Kitfiles;

/// <summary>
/// KitOps' Kitfile validation (pkg/lib/kitfile/validate.go): all problems are collected and reported
/// together. Unlike KitOps, paths are compared after cleaning, so <c>./m</c>, <c>m/</c> and <c>m</c> collide.
/// </summary>
internal static partial class KitfileValidator
{
    private const int MaxPartTypeLength = 64;

    // Go's \w is ASCII-only.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartType();

    /// <exception cref="KitfileValidationException">When any problem is found.</exception>
    public static void Validate(Kitfile kitfile)
    {
        var problems = FindProblems(kitfile);
        if (problems.Count > 0) throw new KitfileValidationException(problems);
    }

    /// <summary>The problems, sorted byte-wise, each without the <c>  * </c> bullet.</summary>
    public static IReadOnlyList<string> FindProblems(Kitfile kitfile)
    {
        var problems = new List<string>();
        var byPath = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var layer in KitfileLayers.Of(kitfile).OrderBy(l => l.Kind.ValidationRank))
        {
            var id = layer.Kind.ValidationId(layer);
            if (IsAbsolute(layer.Path)) problems.Add($"absolute paths are not supported in a Kitfile (path {layer.Path} in {id})");
            var key = KitfilePath.Clean(layer.Path);
            if (!byPath.TryGetValue(key, out var ids))
            {
                byPath[key] = ids = [];
                order.Add(key);
            }
            ids.Add(id);
            if (layer.Entry is ModelPart { Type.Length: > 0 } part)
            {
                if (!PartType().IsMatch(part.Type))
                    problems.Add($"{id} has invalid type (must be alphanumeric with dots, dashes, and underscores)");
                if (Encoding.UTF8.GetByteCount(part.Type) > MaxPartTypeLength)
                    problems.Add($"{id} type is too long (must be fewer than 64 characters)");
            }
        }

        foreach (var path in order)
        {
            var ids = byPath[path];
            if (ids.Count > 1)
                problems.Add($"{string.Join(", ", ids.Take(ids.Count - 1))} and {ids[^1]} use the same path {path}");
        }
        problems.Sort(Utf8Order.Instance);
        return problems;
    }

    private static bool IsAbsolute(string path) => path.StartsWith('/') || System.IO.Path.IsPathFullyQualified(path);
}
