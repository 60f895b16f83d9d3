using Kit.Core.Kitfiles;

namespace Kit.Core.Tests.Kitfile;

public sealed class KitfileLocatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kitfile-locator-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void PrefersKitfileThenLowercaseThenHidden()
    {
        var ctx = Path.Combine(_dir, "ctx");
        Write("ctx/.kitfile", "hidden");
        Assert.Equal("hidden", KitfileLocator.Load(ctx, null, _dir, TextReader.Null, true).Text);
        Write("ctx/kitfile", "lower");
        Assert.Equal("lower", KitfileLocator.Load(ctx, null, _dir, TextReader.Null, true).Text);
        if (!File.Exists(Path.Combine(ctx, "Kitfile"))) // case-insensitive file systems already see "kitfile"
        {
            Write("ctx/Kitfile", "upper");
            Assert.Equal("upper", KitfileLocator.Load(ctx, null, _dir, TextReader.Null, true).Text);
        }
    }

    [Fact]
    public void MissingKitfileMessage()
    {
        var e = Assert.Throws<KitfileException>(() => KitfileLocator.FindInContext(_dir));
        Assert.Equal($"No Kitfile found in {_dir}. Consider using the -f flag to specify its path", e.Message);
    }

    [Fact]
    public void RelativeFileResolvesAgainstTheCallersDirectory()
    {
        Write("ctx/other.yaml", "in context");
        var path = Write("cwd/other.yaml", "in cwd");
        var source = KitfileLocator.Load(Path.Combine(_dir, "ctx"), "other.yaml", Path.Combine(_dir, "cwd"), TextReader.Null, true);
        Assert.Equal(("in cwd", path), (source.Text, source.Path));
    }

    [Fact]
    public void DashReadsStandardInputUnlessItIsATerminal()
    {
        var source = KitfileLocator.Load(_dir, "-", _dir, new StringReader("manifestVersion: 1\n"), stdinIsTerminal: false);
        Assert.Equal(("manifestVersion: 1\n", (string?)null), (source.Text, source.Path));
        Assert.Equal("No input file specified and no data piped",
            Assert.Throws<KitfileException>(() => KitfileLocator.Load(_dir, "-", _dir, new StringReader("x"), stdinIsTerminal: true)).Message);
    }

    [Fact]
    public void UnreadableFileIsAKitfileError() =>
        Assert.Throws<KitfileException>(() => KitfileLocator.Load(_dir, "missing.yaml", _dir, TextReader.Null, true));
}
