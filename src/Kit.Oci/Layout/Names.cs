namespace Kit.Oci.Layout;

/// <summary>The shape checks the store needs; full reference parsing lives elsewhere.</summary>
internal static class Names
{
    /// <summary>
    /// <c>[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}</c> (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests),
    /// checked by hand: every index.json entry's tag is checked on every read of the store.
    /// </summary>
    public static bool IsValidTag(string tag)
    {
        if (tag.Length is 0 or > 128 || tag[0] is '.' or '-')
            return false;
        foreach (var c in tag)
        {
            if (c is not (>= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '.' or '-'))
                return false;
        }
        return true;
    }

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
