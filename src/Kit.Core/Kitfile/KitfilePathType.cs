namespace Kit.Core.Kitfiles;

/// <summary>What a Kitfile path names, as KitOps's <c>GetPathType</c> decides it.</summary>
internal enum KitfilePathKind
{
    Local,
    ModelKitReference,
    S3,
    Unknown,
}

/// <summary>
/// KitOps's path classification: a ModelKit reference when <see cref="ModelKitReferenceDetector"/> says so; else a URL
/// when Go's <c>url.Parse</c> finds a scheme or a host (<c>s3</c> is S3, <c>http(s)</c> and anything else are errors);
/// a string that does not parse as a URL, or has neither, is a local path.
/// </summary>
internal static class KitfilePathType
{
    /// <param name="path">The path as written.</param>
    /// <param name="error">KitOps's reason for <see cref="KitfilePathKind.Unknown"/>; null otherwise.</param>
    public static KitfilePathKind Of(string path, out string? error)
    {
        error = null;
        if (ModelKitReferenceDetector.IsModelKitReference(path)) return KitfilePathKind.ModelKitReference;
        if (!TryParseUrl(path, out var scheme, out var hasHost) || (scheme.Length == 0 && !hasHost)) return KitfilePathKind.Local;
        switch (scheme)
        {
            case "s3":
                return KitfilePathKind.S3;
            case "http" or "https":
                error = $"HTTP urls are not supported in paths ({path})";
                return KitfilePathKind.Unknown;
            default:
                error = $"unrecognized URL in path: {path}";
                return KitfilePathKind.Unknown;
        }
    }

    /// <summary>The part of Go's <c>url.Parse</c> that decides scheme and host, and the errors that make it fail.</summary>
    private static bool TryParseUrl(string s, out string scheme, out bool hasHost)
    {
        scheme = "";
        hasHost = false;
        if (s.Any(c => c < 0x20 || c == 0x7f)) return false;
        var rest = s;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiLetter(c)) continue;
            if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
            {
                if (i == 0) break;
                continue;
            }
            if (c == ':')
            {
                if (i == 0) return false; // missing protocol scheme
                scheme = s[..i].ToLowerInvariant();
                rest = s[(i + 1)..];
            }
            break;
        }
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0) rest = rest[..query];
        if (scheme.Length == 0)
        {
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if ((slash < 0 ? rest : rest[..slash]).Contains(':', StringComparison.Ordinal)) return false; // first path segment cannot contain colon
        }
        if (scheme.Length > 0 && !rest.StartsWith('/')) return ValidEscapes(rest); // opaque: s3:bucket
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('/', 2);
            hasHost = (end < 0 ? rest.Length : end) > 2;
        }
        return ValidEscapes(rest);
    }

    private static bool ValidEscapes(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '%') continue;
            if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2])) return false;
            i += 2;
        }
        return true;
    }
}
