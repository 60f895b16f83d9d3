using System.Text;
using System.Text.RegularExpressions;

namespace Kit.Core.Store.KitOps;

/// <summary>
/// KitOps's per-repository file names: <c>&lt;b64&gt;-index.json</c> and <c>&lt;b64&gt;-tags.json</c>, where
/// <c>&lt;b64&gt;</c> is URL-safe base64 with padding of <c>&lt;registry&gt;/&lt;repository&gt;</c>.
/// </summary>
internal static partial class RepositoryFileName
{
    public const string IndexSuffix = "-index.json";
    public const string TagsSuffix = "-tags.json";

    // The pattern KitOps itself uses to find repository files.
    [GeneratedRegex("^([-A-Za-z0-9_]*={0,3})-(index|tags)\\.json$")]
    private static partial Regex Pattern();

    /// <summary>The encoded part of a repository file name, or null for any other file.</summary>
    public static string? EncodedPart(string fileName)
    {
        var m = Pattern().Match(fileName);
        return m.Success && m.Groups[1].Length > 0 ? m.Groups[1].Value : null;
    }

    /// <summary>Whether a file name is a repository file's, without allocating (for scans of thousands of names).</summary>
    public static bool IsRepositoryFile(ReadOnlySpan<char> fileName) =>
        Pattern().IsMatch(fileName) && !fileName.SequenceEqual(IndexSuffix) && !fileName.SequenceEqual(TagsSuffix);

    public static string Encode(string repository) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(repository)).Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string encoded, out string repository)
    {
        repository = "";
        var standard = encoded.Replace('-', '+').Replace('_', '/');
        // Go's URLEncoding always pads, but accept a stripped name rather than lose the repository.
        if (standard.Length % 4 != 0)
            standard = standard.PadRight(standard.Length + 4 - standard.Length % 4, '=');
        try
        {
            repository = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(standard));
            return repository.Length > 0;
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return false;
        }
    }
}
