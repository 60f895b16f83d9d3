using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Core.Kitfiles;

/// <summary>
/// KitOps' Kitfile validation (pkg/lib/kitfile/validate.go): all problems are collected and reported
/// together. Unlike KitOps, paths are compared after cleaning, so <c>./m</c>, <c>m/</c> and <c>m</c> collide.
/// </summary>
public static partial class KitfileValidator
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

        void Path(string path, string id)
        {
            if (IsAbsolute(path)) problems.Add($"absolute paths are not supported in a Kitfile (path {path} in {id})");
            var key = KitfilePath.Clean(path);
            if (!byPath.TryGetValue(key, out var ids))
            {
                byPath[key] = ids = [];
                order.Add(key);
            }
            ids.Add(id);
        }

        if (kitfile.Model is { } model)
        {
            Path(model.Path, $"model {model.Name}");
            foreach (var part in model.Parts)
            {
                Path(part.Path, $"modelpart {part.Name}");
                if (part.Type.Length == 0) continue;
                if (!PartType().IsMatch(part.Type))
                    problems.Add($"modelpart {part.Name} has invalid type (must be alphanumeric with dots, dashes, and underscores)");
                if (Encoding.UTF8.GetByteCount(part.Type) > MaxPartTypeLength)
                    problems.Add($"modelpart {part.Name} type is too long (must be fewer than 64 characters)");
            }
        }
        foreach (var dataset in kitfile.Datasets) Path(dataset.Path, $"dataset {dataset.Name}");
        for (var i = 0; i < kitfile.Code.Count; i++) Path(kitfile.Code[i].Path, $"code layer {i}");
        for (var i = 0; i < kitfile.Docs.Count; i++) Path(kitfile.Docs[i].Path, $"docs layer {i}");

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
