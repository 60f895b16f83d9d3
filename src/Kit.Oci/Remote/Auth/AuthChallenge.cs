using System.Text;

namespace Kit.Oci.Remote.Auth;

/// <summary>One challenge of a <c>WWW-Authenticate</c> header (RFC 7235 §4.1, RFC 6750 §3).</summary>
internal sealed class AuthChallenge
{
    private readonly Dictionary<string, string> _parameters;

    public AuthChallenge(string scheme, IReadOnlyDictionary<string, string>? parameters = null, string? token68 = null)
    {
        SchemeName = scheme;
        Scheme = scheme.ToLowerInvariant() switch
        {
            "basic" => AuthScheme.Basic,
            "bearer" => AuthScheme.Bearer,
            _ => AuthScheme.Unknown,
        };
        // Parameter names are case-insensitive (RFC 7235 §2.1).
        _parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (parameters is not null)
        {
            foreach (var (key, value) in parameters)
                _parameters.TryAdd(key, value);
        }
        Token68 = token68;
    }

    public AuthScheme Scheme { get; }

    /// <summary>The scheme as the server spelled it.</summary>
    public string SchemeName { get; }

    public IReadOnlyDictionary<string, string> Parameters => _parameters;

    /// <summary>Set for schemes that carry a single token instead of parameters.</summary>
    public string? Token68 { get; }

    public string? Realm => Get("realm");
    public string? Service => Get("service");

    /// <summary>Space-separated scopes the server needs, e.g. <c>repository:a:pull,push repository:b:pull</c>.</summary>
    public string? Scope => Get("scope");

    /// <summary>Bearer error code such as <c>insufficient_scope</c> or <c>invalid_token</c>.</summary>
    public string? Error => Get("error");

    public string? Get(string name) => _parameters.TryGetValue(name, out var value) ? value : null;

    public override string ToString()
    {
        var sb = new StringBuilder(SchemeName);
        if (Token68 is not null)
            return sb.Append(' ').Append(Token68).ToString();
        var first = true;
        foreach (var (key, value) in _parameters)
        {
            sb.Append(first ? " " : ",").Append(key).Append("=\"")
              .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal))
              .Append('"');
            first = false;
        }
        return sb.ToString();
    }

    /// <summary>Parses every challenge of one or more <c>WWW-Authenticate</c> header values; malformed parts are skipped.</summary>
    public static IReadOnlyList<AuthChallenge> ParseAll(IEnumerable<string> headerValues)
    {
        var result = new List<AuthChallenge>();
        foreach (var value in headerValues)
            result.AddRange(ParseAll(value));
        return result;
    }

    /// <inheritdoc cref="ParseAll(IEnumerable{string})"/>
    public static IReadOnlyList<AuthChallenge> ParseAll(string headerValue) => new ChallengeParser(headerValue).ParseAll();

    /// <summary>Picks the challenge to answer: Bearer over Basic, because Bearer is what token registries intend.</summary>
    public static AuthChallenge? Select(IReadOnlyList<AuthChallenge> challenges) =>
        challenges.FirstOrDefault(c => c.Scheme == AuthScheme.Bearer && c.Realm is not null)
        ?? challenges.FirstOrDefault(c => c.Scheme == AuthScheme.Basic);
}
