namespace Kit.Oci.Remote;

/// <summary>URL handling for upload sessions: resolving <c>Location</c> and adding query parameters.</summary>
internal static class UploadLocation
{
    /// <summary>Resolves an absolute, scheme-relative or path-relative URL against the request that produced it.</summary>
    public static Uri Resolve(Uri? requestUri, string location)
    {
        // Uri parses "/v2/..." as a file:// URI on Unix, so absolute means: an http(s) scheme.
        if (Uri.TryCreate(location, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps))
            return absolute;
        if (requestUri is null)
            throw new InvalidOperationException($"relative location '{location}' without a request URI");
        return new Uri(requestUri, location);
    }

    /// <summary>The response's <c>Location</c>, resolved; null when the header is absent.</summary>
    public static Uri? FromResponse(HttpResponseMessage response)
    {
        string? raw = null;
        if (response.Headers.TryGetValues("Location", out var values))
            raw = values.FirstOrDefault();
        if (string.IsNullOrWhiteSpace(raw))
            return null;
        return Resolve(response.RequestMessage?.RequestUri, raw.Trim());
    }

    /// <summary>Appends <c>name=value</c>, keeping the existing query (the registry's <c>_state</c> lives there).</summary>
    public static Uri WithQuery(Uri uri, string name, string value)
    {
        var builder = new UriBuilder(uri);
        var existing = builder.Query.TrimStart('?');
        var pair = Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
        builder.Query = existing.Length == 0 ? pair : existing + "&" + pair;
        return builder.Uri;
    }
}
