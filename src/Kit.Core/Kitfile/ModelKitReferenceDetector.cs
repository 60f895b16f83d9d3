using System.Text.RegularExpressions;

namespace Kit.Core.Kitfiles;

/// <summary>
/// Decides whether <c>model.path</c> names another ModelKit (KitOps §8: the string contains ':' or '@'
/// and parses as a reference). This is a self-contained, conservative version of the reference grammar
/// (registry/repository[:tag|@digest][,extra tags]) so the Kitfile layer needs no reference parser;
/// like KitOps it still takes <c>data:2024</c> for a reference.
/// </summary>
public static partial class ModelKitReferenceDetector
{
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Repository();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    // go-digest only accepts registered algorithms with their exact hex length.
    [GeneratedRegex(@"^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$", RegexOptions.CultureInvariant)]
    private static partial Regex Digest();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Registry();

    public static bool IsModelKitReference(string path)
    {
        if (path.AsSpan().IndexOfAny(":@") < 0) return false;
        if (path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return false;
        var reference = path.Split(',')[0];
        if (IsDigest(reference)) return true;

        var remainder = reference;
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var first = reference[..slash];
            if (first.AsSpan().IndexOfAny(".:") >= 0)
            {
                if (!Registry().IsMatch(first)) return false;
                remainder = reference[(slash + 1)..];
            }
        }

        string repository;
        var at = remainder.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            repository = remainder[..at];
            var colon = repository.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0) repository = repository[..colon];
            if (!IsDigest(remainder[(at + 1)..])) return false;
        }
        else
        {
            var colon = remainder.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return false;
            repository = remainder[..colon];
            if (!Tag().IsMatch(remainder[(colon + 1)..])) return false;
        }
        return Repository().IsMatch(repository);
    }

    private static bool IsDigest(string s) => Digest().IsMatch(s);
}
