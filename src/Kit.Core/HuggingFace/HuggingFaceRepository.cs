namespace Kit.Core.HuggingFace;

/// <summary>A Hugging Face Hub repository: a model (<c>org/repo</c>) or a dataset (<c>datasets/org/repo</c>).</summary>
internal sealed record HuggingFaceRepository(bool IsDataset, string Owner, string Name)
{
    private const string Host = "huggingface.co";

    /// <summary><c>org/repo</c>.</summary>
    public string Id => $"{Owner}/{Name}";

    /// <summary>The path segment of the Hub API and download URLs: <c>models</c> or <c>datasets</c>.</summary>
    public string Collection => IsDataset ? "datasets" : "models";

    public override string ToString() => IsDataset ? "datasets/" + Id : Id;

    /// <summary>
    /// Accepts <c>org/repo</c>, <c>datasets/org/repo</c>, and the same after <c>huggingface.co/</c> or
    /// <c>http(s)://huggingface.co/</c>; any other host is refused.
    /// </summary>
    /// <exception cref="KitException">With KitOps's reason.</exception>
    public static HuggingFaceRepository Parse(string value)
    {
        var text = value.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new KitException($"unrecognized HuggingFace URL pattern: {text}");
            if (!string.Equals(uri.Host, Host, StringComparison.OrdinalIgnoreCase))
                throw new KitException($"unsupported hostname: {uri.Host} (only {Host} is supported)");
            return FromUrlPath(uri.AbsolutePath);
        }
        if (text.StartsWith(Host + "/", StringComparison.OrdinalIgnoreCase))
            return FromUrlPath(text[Host.Length..]);

        var segments = text.Split('/');
        if (segments.Length == 3 && segments[0] == "datasets" && segments.All(s => s.Length > 0))
            return new HuggingFaceRepository(true, segments[1], segments[2]);
        if (segments.Length == 2 && segments.All(s => s.Length > 0))
            return new HuggingFaceRepository(false, segments[0], segments[1]);
        throw new KitException($"invalid repository format: {text}");
    }

    private static HuggingFaceRepository FromUrlPath(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > 0 && segments[0] == "datasets")
        {
            return segments.Length >= 3
                ? new HuggingFaceRepository(true, segments[1], segments[2])
                : throw new KitException($"invalid dataset URL: expected datasets/org/repo, got '{path.Trim('/')}'");
        }
        return segments.Length == 2
            ? new HuggingFaceRepository(false, segments[0], segments[1])
            : throw new KitException($"unrecognized HuggingFace URL pattern: {path.Trim('/')}");
    }
}
