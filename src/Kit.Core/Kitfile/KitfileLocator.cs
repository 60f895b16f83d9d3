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

    /// <summary>The largest Kitfile pack reads; a bigger one is refused before it is parsed.</summary>
    public const int MaxKitfileBytes = 4 * 1024 * 1024;

    /// <summary>The directory to pack, made absolute; a missing path or a file (often the Kitfile itself) is an error.</summary>
    public static string ContextDirectory(string directory, string workingDirectory)
    {
        var context = Path.GetFullPath(directory, workingDirectory);
        if (File.Exists(context))
            throw new KitfileException($"context directory {context} is a file, not a directory: pack the directory that holds it");
        if (!Directory.Exists(context))
            throw new KitfileException($"context directory {context} does not exist");
        return context;
    }

    /// <summary>
    /// A <c>-f</c> path: a relative path names a file in the caller's working directory when one exists there, else
    /// one in the context directory (where KitOps looks, since it changes into the context first).
    /// </summary>
    public static string ResolveFilePath(string file, string workingDirectory, string contextDirectory, Action<string>? debug = null)
    {
        if (Path.IsPathRooted(file)) return Path.GetFullPath(file);
        var fromCaller = Path.GetFullPath(file, workingDirectory);
        if (Path.Exists(fromCaller))
        {
            debug?.Invoke($"Kitfile {file} found relative to the working directory: {fromCaller}");
            return fromCaller;
        }
        var fromContext = Path.GetFullPath(file, contextDirectory);
        debug?.Invoke($"Kitfile {file} not found in the working directory; using {fromContext} relative to the context directory");
        return fromContext;
    }

    /// <summary>Reads the Kitfile named by <paramref name="file"/> (<c>-</c> = standard input), or the default one in the context.</summary>
    /// <param name="contextDirectory">The directory being packed; its default Kitfile is used when <paramref name="file"/> is null.</param>
    /// <param name="file">The <c>-f</c> value: a path, <c>-</c> for standard input, or null.</param>
    /// <param name="workingDirectory">The caller's working directory, against which a relative <paramref name="file"/> resolves first.</param>
    /// <param name="stdin">Where a Kitfile given as <c>-</c> is read from.</param>
    /// <param name="stdinIsTerminal">True when standard input is interactive, so nothing can be piped.</param>
    /// <param name="debug">Told where a relative <paramref name="file"/> was found.</param>
    public static KitfileSource Load(string contextDirectory, string? file, string workingDirectory, TextReader stdin, bool stdinIsTerminal,
        Action<string>? debug = null)
    {
        if (file == "-")
        {
            if (stdinIsTerminal) throw new KitfileException("No input file specified and no data piped");
            return new KitfileSource(ReadBounded(stdin, "standard input"), null);
        }
        var context = Path.GetFullPath(contextDirectory, workingDirectory);
        var path = string.IsNullOrEmpty(file)
            ? FindInContext(context)
            : ResolveFilePath(file, workingDirectory, context, debug);
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            return new KitfileSource(ReadBounded(reader, path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KitfileException($"cannot read Kitfile: {Formatting.FileSystemMessages.Describe(e, path)}", e);
        }
    }

    private static string ReadBounded(TextReader reader, string source)
    {
        var buffer = new char[MaxKitfileBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = reader.Read(buffer, length, buffer.Length - length)) > 0)
            length += read;
        if (length > MaxKitfileBytes)
            throw new KitfileException($"Kitfile {source} is larger than {MaxKitfileBytes / (1024 * 1024)} MiB");
        return new string(buffer, 0, length);
    }
}
