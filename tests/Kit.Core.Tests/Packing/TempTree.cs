using System.Text;

namespace Kit.Core.Tests.Packing;

/// <summary>A throw-away context directory with files created with explicit modes, so umask never matters.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree()
    {
        Root = Path.Combine(Path.GetTempPath(), "kit-pack-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public TempTree Dir(string relative, int mode = 0x1ED /* 0755 */)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            System.IO.File.SetUnixFileMode(path, (UnixFileMode)mode);
        return this;
    }

    public TempTree File(string relative, string content = "", int mode = 0x1A4 /* 0644 */)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        if (!OperatingSystem.IsWindows())
            System.IO.File.SetUnixFileMode(path, (UnixFileMode)mode);
        return this;
    }

    /// <summary>Creates several files with default content at once.</summary>
    public TempTree Files(params string[] relatives)
    {
        foreach (var relative in relatives)
            File(relative, relative);
        return this;
    }

    public TempTree Symlink(string relative, string target)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
