namespace Kit.Cli.Tests.Infrastructure;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The binary ./kit runs; test.sh builds it before the tests. KIT_BIN overrides it.</summary>
    public static string KitBinary =>
        Environment.GetEnvironmentVariable("KIT_BIN") is { Length: > 0 } bin ? bin : Path.Combine(Root, ".build", "kit", "kit");

    public static string Examples => Path.Combine(Root, "examples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kit.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (Kit.slnx) above " + AppContext.BaseDirectory);
    }
}
