using System.Text.RegularExpressions;

namespace Kit.Oci.Layout;

/// <summary>The shape checks the store needs; full reference parsing lives elsewhere.</summary>
internal static partial class Names
{
    // https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
    [GeneratedRegex("^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$")]
    private static partial Regex TagPattern();

    public static bool IsValidTag(string tag) => TagPattern().IsMatch(tag);

    /// <summary>Fully qualified: a registry, at least one path component, no tag or digest.</summary>
    public static bool IsValidRepository(string repository)
    {
        var slash = repository.IndexOf('/');
        if (slash <= 0 || slash == repository.Length - 1 || repository.EndsWith('/'))
            return false;
        foreach (var c in repository)
        {
            if (char.IsWhiteSpace(c) || c is '@' or '\0')
                return false;
        }
        // A colon is only allowed as the registry's port separator.
        return !repository.AsSpan(slash).Contains(':');
    }

    public static string RequireRepository(string repository) =>
        IsValidRepository(repository)
            ? repository
            : throw new ArgumentException($"invalid repository '{repository}': expected a fully qualified name such as localhost/my-model", nameof(repository));

    public static string RequireTag(string tag) =>
        IsValidTag(tag)
            ? tag
            : throw new ArgumentException($"invalid tag '{tag}': tags are 1-128 letters, digits, '_', '.' or '-' and do not start with '.' or '-'", nameof(tag));
}
