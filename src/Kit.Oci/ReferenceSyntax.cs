using System.Net;
using System.Net.Sockets;

namespace Kit.Oci;

/// <summary>
/// Validation of the parts of a reference, following the OCI distribution spec grammar.
/// Each <c>Check*</c> returns null when valid, else a short reason suitable after
/// <c>invalid reference "x": </c>.
/// </summary>
/// <remarks>
/// Hand-written rather than regular expressions: the spec's repository pattern nests quantifiers
/// (<c>[a-z0-9]+(?:[-]*[a-z0-9]+)*</c>) and backtracks exponentially on hostile input, and .NET's
/// <c>\w</c> and <c>$</c> do not mean what Go's do (Unicode letters, a trailing newline).
/// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
/// </remarks>
internal static class ReferenceSyntax
{
    public const int MaxTagLength = 128;

    public static bool IsValidRepository(string? repository) => repository is not null && CheckRepository(repository) is null;

    public static bool IsValidTag(string? tag) => tag is not null && CheckTag(tag) is null;

    public static bool IsValidRegistry(string? registry) => registry is not null && CheckRegistry(registry) is null;

    /// <summary><c>^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*$</c></summary>
    public static string? CheckRepository(string repository)
    {
        if (repository.Length == 0)
            return "repository name is empty";
        if (!repository.Equals(repository.ToLowerInvariant(), StringComparison.Ordinal))
            return "repository name must be lowercase";

        foreach (var component in repository.Split('/'))
        {
            if (component.Length == 0)
                return "repository name has an empty path component (leading, trailing or double '/')";
            var error = CheckRepositoryComponent(component);
            if (error is not null)
                return error;
        }
        return null;
    }

    private static string? CheckRepositoryComponent(string component)
    {
        if (!IsLowerAlphanumeric(component[0]) || !IsLowerAlphanumeric(component[^1]))
            return $"repository path component \"{component}\" must start and end with a lowercase letter or digit";

        var i = 0;
        while (i < component.Length)
        {
            if (IsLowerAlphanumeric(component[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < component.Length && !IsLowerAlphanumeric(component[i]))
                i++;
            var separator = component.AsSpan(start, i - start);
            if (!IsAllowedSeparator(separator))
                return $"repository path component \"{component}\" contains \"{separator}\"; only one '.', one or two '_', or dashes may separate letters and digits";
        }
        return null;
    }

    private static bool IsAllowedSeparator(ReadOnlySpan<char> separator) =>
        separator is "." or "_" or "__" || !separator.ContainsAnyExcept('-');

    /// <summary><c>^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$</c></summary>
    public static string? CheckTag(string tag)
    {
        if (tag.Length == 0)
            return "tag is empty";
        if (tag.Length > MaxTagLength)
            return $"tag is {tag.Length} characters long; the limit is {MaxTagLength}";
        if (!IsWordChar(tag[0]))
            return $"tag \"{tag}\" must start with a letter, digit or '_'";
        foreach (var c in tag)
        {
            if (!IsWordChar(c) && c is not ('.' or '-'))
                return $"tag \"{tag}\" contains '{c}'; only letters, digits, '_', '.' and '-' are allowed";
        }
        return null;
    }

    /// <summary>A host name, IPv4 address or bracketed IPv6 address, with an optional port.</summary>
    public static string? CheckRegistry(string registry)
    {
        if (registry.Length == 0)
            return "registry is empty";

        string host;
        string? port = null;
        if (registry.StartsWith('['))
        {
            var close = registry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
                return $"registry \"{registry}\" has an unterminated IPv6 address";
            host = registry[..(close + 1)];
            var after = registry[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                    return $"registry \"{registry}\" is not a valid host[:port]";
                port = after[1..];
            }
            if (!IPAddress.TryParse(host[1..^1], out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6)
                return $"registry \"{registry}\" has an invalid IPv6 address";
        }
        else
        {
            var colon = registry.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? registry : registry[..colon];
            port = colon < 0 ? null : registry[(colon + 1)..];
            if (!IsHostName(host))
                return $"registry \"{registry}\" is not a valid host[:port]";
        }

        if (port is not null && !IsPort(port))
            return $"registry \"{registry}\" has an invalid port (expected 1-65535)";
        return null;
    }

    // RFC 1123 labels; IPv4 dotted quads are a subset of this shape.
    private static bool IsHostName(string host)
    {
        if (host.Length is 0 or > 253)
            return false;
        foreach (var label in host.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
                return false;
            foreach (var c in label)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                    return false;
            }
        }
        return true;
    }

    private static bool IsPort(string port) =>
        port.Length is > 0 and <= 5
        && !port.AsSpan().ContainsAnyExceptInRange('0', '9')
        && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) is >= 1 and <= 65535;

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c);

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
