namespace Kit.Oci.Remote.Auth;

/// <summary>
/// Token scopes of the distribution token spec (<c>resourcetype:resourcename:action[,action]</c>).
/// See https://distribution.github.io/distribution/spec/auth/scope/.
/// </summary>
internal static class Scope
{
    public const string Pull = "pull";
    public const string Push = "push";
    public const string Delete = "delete";
    public const string All = "*";

    /// <summary>Needed to list <c>/v2/_catalog</c>.</summary>
    public const string Catalog = "registry:catalog:*";

    public static string Repository(string name, params string[] actions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (actions.Length == 0)
            throw new ArgumentException("at least one action is required", nameof(actions));
        return $"repository:{name}:{string.Join(',', CleanActions(actions))}";
    }

    public static string RepositoryPull(string name) => Repository(name, Pull);
    public static string RepositoryPush(string name) => Repository(name, Pull, Push);
    public static string RepositoryDelete(string name) => Repository(name, Delete);

    /// <summary>Scopes to mount a blob from <paramref name="from"/> into <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> RepositoryMount(string name, string from) =>
        Merge([RepositoryPush(name), RepositoryPull(from)]);

    /// <summary>Splits space-separated scope lists (as in a challenge's <c>scope</c> parameter).</summary>
    public static IEnumerable<string> Split(string? scopes) =>
        string.IsNullOrWhiteSpace(scopes)
            ? []
            : scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Canonical scope set: one entry per resource with the union of its actions (sorted, <c>*</c> absorbing the
    /// rest), entries sorted. Equal sets of access give equal lists, so the result can key a token cache.
    /// Unparseable entries are kept verbatim because the server may understand them.
    /// </summary>
    public static IReadOnlyList<string> Merge(IEnumerable<string> scopes)
    {
        var byResource = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        var verbatim = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes.SelectMany(Split))
        {
            if (!TryParse(scope, out var resource, out var actions))
            {
                verbatim.Add(scope);
                continue;
            }
            if (!byResource.TryGetValue(resource, out var set))
                byResource[resource] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.UnionWith(actions);
        }
        var result = new List<string>(byResource.Count + verbatim.Count);
        foreach (var (resource, actions) in byResource)
            result.Add($"{resource}:{string.Join(',', CleanActions(actions))}");
        result.AddRange(verbatim);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>The repository names a scope list refers to, e.g. for error messages.</summary>
    public static IEnumerable<string> RepositoryNames(IEnumerable<string> scopes)
    {
        foreach (var scope in scopes.SelectMany(Split))
        {
            if (TryParse(scope, out var resource, out _) && resource.StartsWith("repository:", StringComparison.Ordinal))
                yield return resource["repository:".Length..];
        }
    }

    // The name may itself contain ':' (a host:port in some registries), so the type ends at the first colon
    // and the actions start after the last one.
    private static bool TryParse(string scope, out string resource, out string[] actions)
    {
        resource = "";
        actions = [];
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first <= 0 || last == first || last == scope.Length - 1)
            return false;
        resource = scope[..last];
        actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return actions.Length > 0;
    }

    private static SortedSet<string> CleanActions(IEnumerable<string> actions)
    {
        var set = new SortedSet<string>(actions.Where(a => a.Length > 0), StringComparer.Ordinal);
        return set.Contains(All) ? new SortedSet<string>([All], StringComparer.Ordinal) : set;
    }
}
