namespace Kit.Oci.Remote;

/// <summary>Finds the <c>rel="next"</c> target of an RFC 8288 <c>Link</c> header, used for tag and catalog pages.</summary>
internal static class LinkHeader
{
    public static Uri? GetNext(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
            return null;
        var baseUri = response.RequestMessage?.RequestUri;
        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                if (TryParseNext(link, out var target))
                    return UploadLocation.Resolve(baseUri, target);
            }
        }
        return null;
    }

    // Commas separate links but may also occur inside <...>, so split only outside angle brackets.
    private static IEnumerable<string> SplitLinks(string header)
    {
        var start = 0;
        var inside = false;
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i] == '<') inside = true;
            else if (header[i] == '>') inside = false;
            else if (header[i] == ',' && !inside)
            {
                yield return header[start..i];
                start = i + 1;
            }
        }
        yield return header[start..];
    }

    internal static bool TryParseNext(string link, out string target)
    {
        target = "";
        var open = link.IndexOf('<');
        var close = link.IndexOf('>', open + 1);
        if (open < 0 || close < 0)
            return false;
        foreach (var param in link[(close + 1)..].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = param.IndexOf('=');
            if (eq < 0 || !param[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
                continue;
            var rels = param[(eq + 1)..].Trim().Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rels.Any(r => r.Equals("next", StringComparison.OrdinalIgnoreCase)))
            {
                target = link[(open + 1)..close].Trim();
                return true;
            }
        }
        return false;
    }
}
