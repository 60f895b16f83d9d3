namespace Kit.Core.Kitfiles;

/// <summary>The Kitfile text and where it came from (null path for standard input).</summary>
internal sealed record KitfileSource(string Text, string? Path);

/// <summary>Finds and reads the Kitfile for pack/dev/import.</summary>
internal static class KitfileLocator
{
    /// <summary>Names tried, in order, in the context directory when no file is given.</summary>
    public static readonly IReadOnlyList<string> DefaultNames = ["Kitfile", "kitfile", ".kitfile"];

    /// <summary>Path of the first default-named Kitfile in <paramref name="contextDirectory"/>.</summary>
    /// <exception cref="KitfileException">None exists.</exception>
    public static string FindInContext(string contextDirectory)
    {
        foreach (var name in DefaultNames)
        {
            var candidate = Path.Combine(contextDirectory, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new KitfileException($"No Kitfile found in {contextDirectory}. Consider using the -f flag to specify its path");
    }

    /// <summary>
    /// A <c>-f</c> path: relative paths resolve against the caller's working directory, as users expect
    /// (KitOps resolves them against the context directory).
    /// </summary>
    public static string ResolveFilePath(string file, string workingDirectory) => Path.GetFullPath(file, workingDirectory);

    /// <summary>Reads the Kitfile named by <paramref name="file"/> (<c>-</c> = standard input), or the default one in the context.</summary>
    /// <param name="contextDirectory">The directory being packed; its default Kitfile is used when <paramref name="file"/> is null.</param>
    /// <param name="file">The <c>-f</c> value: a path, <c>-</c> for standard input, or null.</param>
    /// <param name="workingDirectory">The caller's working directory, against which a relative <paramref name="file"/> resolves.</param>
    /// <param name="stdin">Where a Kitfile given as <c>-</c> is read from.</param>
    /// <param name="stdinIsTerminal">True when standard input is interactive, so nothing can be piped.</param>
    public static KitfileSource Load(string contextDirectory, string? file, string workingDirectory, TextReader stdin, bool stdinIsTerminal)
    {
        if (file == "-")
        {
            if (stdinIsTerminal) throw new KitfileException("No input file specified and no data piped");
            return new KitfileSource(stdin.ReadToEnd(), null);
        }
        var path = string.IsNullOrEmpty(file)
            ? FindInContext(Path.GetFullPath(contextDirectory, workingDirectory))
            : ResolveFilePath(file, workingDirectory);
        try
        {
            return new KitfileSource(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KitfileException($"cannot read Kitfile {path}: {e.Message}", e);
        }
    }
}
