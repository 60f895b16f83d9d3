namespace Kit.Cli.Tests.Infrastructure;

public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "kit-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string WriteFile(string relative, string content, UnixFileMode? mode = null)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        if (mode is { } m) File.SetUnixFileMode(full, m);
        return full;
    }

    public string WriteBytes(string relative, byte[] content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public void Dispose()
    {
        try
        {
            // Blobs are read-only; make everything writable so the tree can be deleted.
            foreach (var f in Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories))
            {
                if (!File.GetAttributes(f).HasFlag(FileAttributes.ReparsePoint))
                    File.SetUnixFileMode(f, File.GetUnixFileMode(f) | UnixFileMode.UserWrite | UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
