using System.Text.RegularExpressions;

namespace Kit.Core.Formatting;

/// <summary>
/// Sentences for file-system failures. Native AOT builds strip the runtime's resource strings, so an
/// <see cref="IOException"/>'s message is a key such as <c>IO_FileNotFound_FileName, /tmp/x</c>; and even with
/// resources the runtime says "access denied" for a directory opened as a file. Every message that reports a
/// file-system failure is built here, from the exception's type, its error code and the path.
/// </summary>
internal static partial class FileSystemMessages
{
    // HResult of the IOExceptions the runtime makes: errno on Unix (EEXIST is 17 on Linux and macOS), Win32 codes on Windows.
    private static readonly int[] FileExistsCodes = [17, 80, 183];
    // EWOULDBLOCK on Unix; ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION on Windows (32 is EPIPE on Unix).
    private static readonly int[] LockedCodes = OperatingSystem.IsWindows() ? [32, 33] : [11];

    /// <summary>EPIPE: the reader of our output went away (<c>kit list | head -1</c>).</summary>
    public static bool IsBrokenPipe(Exception e) => !OperatingSystem.IsWindows() && e.GetType() == typeof(IOException) && e.HResult == 32;

    /// <summary>Whether <paramref name="e"/> is a failure this class describes.</summary>
    /// <remarks>
    /// Subclasses of <see cref="IOException"/> that are not about files (invalid data, end of stream, HTTP bodies) are
    /// not: their messages are already about what they read.
    /// </remarks>
    public static bool IsFileSystemFailure(Exception e) =>
        e is FileNotFoundException or DirectoryNotFoundException or PathTooLongException or UnauthorizedAccessException
        || e.GetType() == typeof(IOException);

    /// <summary>
    /// "&lt;path&gt; does not exist", "&lt;path&gt; is a directory, not a file", "permission denied: &lt;path&gt;"...
    /// </summary>
    /// <param name="e">An <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/>.</param>
    /// <param name="path">The path the operation was given, when the caller knows it; else it is taken from the exception.</param>
    public static string Describe(Exception e, string? path = null)
    {
        path ??= PathOf(e);
        var subject = path ?? "a file";
        return e switch
        {
            FileNotFoundException or DirectoryNotFoundException => $"{subject} does not exist",
            PathTooLongException => $"path is too long: {subject}",
            UnauthorizedAccessException when path is not null && Directory.Exists(path) => $"{path} is a directory, not a file",
            UnauthorizedAccessException => $"permission denied: {subject}",
            IOException when FileExistsCodes.Contains(e.HResult) || IsKey(e, "IO_FileExists") =>
                path is not null && File.Exists(path) && !Directory.Exists(path)
                    ? $"{path} already exists and is a file, not a directory"
                    : $"{subject} already exists",
            IOException when LockedCodes.Contains(e.HResult) || IsKey(e, "IO_SharingViolation") => $"{subject} is locked by another process",
            IOException when path is not null && ResourceKey().IsMatch(e.Message) => $"input/output error on {path}",
            // Messages made from errno (strerror text) are readable: "No space left on device : '/x'".
            _ => path is null || e.Message.Contains(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}",
        };
    }

    /// <summary>Why <paramref name="e"/> happened: <see cref="Describe"/> for file-system failures, else its message.</summary>
    public static string Reason(Exception e) => IsFileSystemFailure(e) ? Describe(e) : e.Message;

    private static bool IsKey(Exception e, string keyPrefix) => e.Message.StartsWith(keyPrefix, StringComparison.Ordinal);

    /// <summary>The path named by the exception: its FileName, the argument of a resource-key message, or a quoted path.</summary>
    private static string? PathOf(Exception e)
    {
        if (e is FileNotFoundException { FileName: { Length: > 0 } name }) return name;
        var keyed = ResourceKey().Match(e.Message);
        if (keyed.Success && keyed.Groups["arg"].Success) return keyed.Groups["arg"].Value;
        var quoted = QuotedPath().Match(e.Message);
        return quoted.Success ? quoted.Groups["path"].Value : null;
    }

    // What SR.Format yields without resources: "IO_FileNotFound_FileName, /tmp/x".
    [GeneratedRegex(@"^[A-Z][A-Za-z]*_[A-Za-z_]+(?:, (?<arg>.+))?$", RegexOptions.Singleline)]
    private static partial Regex ResourceKey();

    [GeneratedRegex(@"'(?<path>/[^']*)'")]
    private static partial Regex QuotedPath();
}
