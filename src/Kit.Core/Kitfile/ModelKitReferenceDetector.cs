using Kit.Core.References;

namespace Kit.Core.Kitfiles;

/// <summary>
/// Decides whether <c>model.path</c> names another ModelKit (as KitOps decides it: the string contains ':' or '@'
/// and parses as a reference). Uses the same parser that later resolves the parent, so whatever is detected
/// can also be followed; like KitOps it still takes <c>data:2024</c> for a reference.
/// </summary>
internal static class ModelKitReferenceDetector
{
    public static bool IsModelKitReference(string path) => TryParse(path, out _);

    /// <summary>The reference <paramref name="path"/> names, when it is one by the rule above.</summary>
    public static bool TryParse(string? path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelReference? reference)
    {
        reference = null;
        if (path is null || path.AsSpan().IndexOfAny(":@") < 0) return false;
        return ModelReference.TryParse(path, out reference);
    }
}
