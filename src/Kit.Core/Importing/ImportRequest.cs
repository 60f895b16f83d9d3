namespace Kit.Core.Importing;

/// <summary>What <c>kit import</c> was asked to do.</summary>
internal sealed record ImportRequest
{
    /// <summary>A Hugging Face repository (<c>org/repo</c>, <c>datasets/org/repo</c>, its URL) or, for git, any http(s) URL.</summary>
    public required string Repository { get; init; }

    public string Revision { get; init; } = "main";

    /// <summary>A Hugging Face token (hf) or the password git sends (git); never logged.</summary>
    public string? Token { get; init; }

    public ImportTool Tool { get; init; } = ImportTool.Auto;

    /// <summary>Where to name the ModelKit, as written (already validated); null for the repository's own name, lower case, tag <c>latest</c>.</summary>
    public string? Tag { get; init; }

    /// <summary>The Kitfile from <c>-f</c>; null uses the repository's own, else one generated as <c>kit init</c> does.</summary>
    public string? KitfileText { get; init; }

    /// <summary><c>kit init --depth</c> for a generated Kitfile.</summary>
    public int Depth { get; init; }

    /// <summary>Files downloaded at a time (hf).</summary>
    public int Concurrency { get; init; } = 5;

    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>As <c>kit pack --layer-format</c>; raw layers take the downloaded file itself (moved, not copied).</summary>
    public Packing.LayerFormat Format { get; init; } = Packing.LayerFormat.Tar;

    public required string CliVersion { get; init; }

    public DateTimeOffset? Created { get; init; }
}

/// <summary>How an import fetches the repository.</summary>
internal enum ImportTool
{
    /// <summary>The Hub's HTTP API for Hugging Face repositories (a URL naming no host, or a Hugging Face host), git for other URLs.</summary>
    Auto,

    /// <summary>The Hugging Face Hub's HTTP API.</summary>
    HuggingFace,

    /// <summary><c>git clone</c> and <c>git lfs pull</c>.</summary>
    Git,
}
