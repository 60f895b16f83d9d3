using Kit.Core.Packing;

namespace Kit.Core.Tests.Packing;

public class LayerWalkerTests
{
    private static LayerIgnoreRules Rules(TempTree tree, params string[] layers) => new(KitIgnore.Load(tree.Root), layers);

    private static string[] Names(TempTree tree, string layer, params string[] allLayers) =>
        LayerWalker.Plan(tree.Root, layer, Rules(tree, allLayers.Length == 0 ? [layer] : allLayers)).Entries.Select(e => e.Name).ToArray();

    [Fact]
    public void WalksDepthFirstWithChildrenSortedByName()
    {
        using var tree = new TempTree();
        tree.Files("a-b", "a/z", "a/b/c", "B", "_x");
        Assert.Equal(["B", "_x", "a", "a/b", "a/b/c", "a/z", "a-b"], Names(tree, "."));
    }

    [Fact]
    public void SortIsByUtf8BytesNotUtf16()
    {
        using var tree = new TempTree();
        // U+FF21 sorts after U+1F600 in UTF-16 code units but before it in UTF-8 bytes.
        tree.Files("\uFF21", "\U0001F600");
        Assert.Equal(["\uFF21", "\U0001F600"], Names(tree, "."));
    }

    [Fact]
    public void SingleFileLayerIncludesAncestorDirectoriesButNoSiblings()
    {
        using var tree = new TempTree();
        tree.Files("a/b/c.txt", "a/b/d.txt", "a/e.txt", "other/f.txt");
        Assert.Equal(["a", "a/b", "a/b/c.txt"], Names(tree, "a/b/c.txt"));
    }

    [Theory]
    [InlineData("./data")]
    [InlineData("data/")]
    [InlineData("data")]
    [InlineData(" ./data/ ")]
    public void PathFormatsAreEquivalent(string layer)
    {
        using var tree = new TempTree();
        tree.Files("data/x.csv", "database/y.csv", "test7/test7/z");
        var plan = LayerWalker.Plan(tree.Root, layer, Rules(tree, layer));
        Assert.Equal("data", plan.LayerPath);
        Assert.Equal(["data", "data/x.csv"], plan.Entries.Select(e => e.Name));
    }

    [Fact]
    public void RepeatedNamesInDeepPathsAreHandled()
    {
        using var tree = new TempTree();
        tree.Files("test7/test7/z", "test7/other");
        Assert.Equal(["test7", "test7/test7", "test7/test7/z"], Names(tree, "test7/test7"));
    }

    [Fact]
    public void NamesContainingDotDotAreKept()
    {
        using var tree = new TempTree();
        tree.Files("v1..2.bin", "m/w..1.bin", "m/..hidden");
        Assert.Equal(["m", "m/..hidden", "m/w..1.bin", "v1..2.bin"], Names(tree, "."));
        Assert.Equal(["m", "m/..hidden", "m/w..1.bin"], Names(tree, "m"));
        Assert.Equal(["v1..2.bin"], Names(tree, "v1..2.bin"));
    }

    [Fact]
    public void ContextRootLayerIncludesEverythingButKitfileAndKitignore()
    {
        using var tree = new TempTree();
        tree.Files("Kitfile", ".kitignore", "kitfile", ".kitfile", "sub/Kitfile", "a/b/c");
        Assert.Equal(["a", "a/b", "a/b/c", "sub", "sub/Kitfile"], Names(tree, "."));
    }

    [Fact]
    public void SymlinksAreSkippedWithAWarning()
    {
        using var tree = new TempTree();
        tree.Files("real.txt", "dir/f").Symlink("link.txt", "real.txt").Symlink("dirlink", "dir");
        var warnings = new List<string>();
        var plan = LayerWalker.Plan(tree.Root, ".", Rules(tree, "."), warnings.Add);
        Assert.Equal(["dir", "dir/f", "real.txt"], plan.Entries.Select(e => e.Name));
        Assert.Equal(["skipping symlink dirlink", "skipping symlink link.txt"], warnings);
        Assert.Equal(warnings, plan.Warnings);
    }

    [Fact]
    public void SymlinksOutsideTheLayerOrIgnoredAreNotReported()
    {
        using var tree = new TempTree();
        tree.File(".kitignore", "ignored-link\n").Files("m/w").Symlink("elsewhere", "m").Symlink("ignored-link", "m");
        Assert.Empty(LayerWalker.Plan(tree.Root, "m", Rules(tree, "m")).Warnings);
        Assert.Equal(["skipping symlink elsewhere"], LayerWalker.Plan(tree.Root, ".", Rules(tree, ".")).Warnings);
    }

    [Fact]
    public void FifosAreSkipped()
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var tree = new TempTree();
        tree.Files("a.txt");
        tree.File("empty.txt");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", tree.PathOf("pipe")))
            mkfifo.WaitForExit();
        Assert.True(System.IO.File.Exists(tree.PathOf("pipe")));
        Assert.Equal(["a.txt", "empty.txt"], Names(tree, "."));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("..")]
    [InlineData("a/../../x")]
    public void LayerPathEscapingTheContextIsAnError(string layer)
    {
        using var tree = new TempTree();
        tree.Files("a/x");
        var e = Assert.Throws<PackingException>(() => LayerWalker.Plan(tree.Root, layer, Rules(tree, layer)));
        Assert.Contains("outside the context directory", e.Message);
    }

    [Fact]
    public void AbsoluteLayerPathIsAnError()
    {
        using var tree = new TempTree();
        tree.Files("a/x");
        var absolute = tree.PathOf("a");
        var e = Assert.Throws<PackingException>(() => LayerWalker.Plan(tree.Root, absolute, Rules(tree, absolute)));
        Assert.Contains("absolute", e.Message);
    }

    [Fact]
    public void MissingLayerPathIsAnError()
    {
        using var tree = new TempTree();
        var e = Assert.Throws<PackingException>(() => LayerWalker.Plan(tree.Root, "./models/", Rules(tree, "models")));
        Assert.Equal("path models does not exist", e.Message);
    }

    [Fact]
    public void ReportsIgnoredLayerPathAndNoFiles()
    {
        using var tree = new TempTree();
        tree.File(".kitignore", "docs\n").Files("docs/a.md", "code/x.py").Dir("emptydir");
        var ignored = LayerWalker.Plan(tree.Root, "docs", Rules(tree, "docs", "code", "emptydir"));
        Assert.True(ignored.LayerPathIgnored);
        Assert.Empty(ignored.Entries);
        Assert.True(ignored.NoFilesDetected);

        var empty = LayerWalker.Plan(tree.Root, "emptydir", Rules(tree, "docs", "code", "emptydir"));
        Assert.False(empty.LayerPathIgnored);
        Assert.Equal(["emptydir"], empty.Entries.Select(e => e.Name));
        Assert.True(empty.NoFilesDetected);

        var code = LayerWalker.Plan(tree.Root, "code", Rules(tree, "docs", "code", "emptydir"));
        Assert.False(code.NoFilesDetected);
        Assert.Equal("code/x.py".Length, code.TotalFileSize);
    }

    [Fact]
    public void IgnoredDirectoryIsSkippedEntirelyWithoutExclusions()
    {
        using var tree = new TempTree();
        tree.File(".kitignore", "cache\n").Files("cache/a", "cache/sub/b", "keep");
        Assert.Equal(["keep"], Names(tree, "."));
    }

    [Fact]
    public void WithExclusionsIgnoredDirectoryEntryIsOmittedButChildrenVisited()
    {
        using var tree = new TempTree();
        tree.File(".kitignore", "dir5\n!dir5/not-ignored.md\n").Files("dir5/ignored.md", "dir5/not-ignored.md", "keep");
        Assert.Equal(["dir5/not-ignored.md", "keep"], Names(tree, "."));
    }

    // ---- 3.4 cross-layer exclusion ----

    [Fact]
    public void NestedLayerPathsAreTakenByTheDeepestLayer()
    {
        using var tree = new TempTree();
        tree.Files("main-dir/m.bin", "main-dir/subdir/d.csv", "code.py");
        string[] layers = ["main-dir", "main-dir/subdir", "."];
        Assert.Equal(["main-dir", "main-dir/m.bin"], Names(tree, "main-dir", layers));
        Assert.Equal(["main-dir", "main-dir/subdir", "main-dir/subdir/d.csv"], Names(tree, "main-dir/subdir", layers));
        Assert.Equal(["code.py"], Names(tree, ".", layers));
    }

    [Fact]
    public void OtherLayersAreComparedBySegmentsNotStringPrefix()
    {
        using var tree = new TempTree();
        tree.Files("model/w.bin", "modelcard.md", "model-v2/w.bin", "readme.txt");
        string[] layers = [".", "model"];
        Assert.Equal(["model-v2", "model-v2/w.bin", "modelcard.md", "readme.txt"], Names(tree, ".", layers));
        Assert.Equal(["model", "model/w.bin"], Names(tree, "./model", layers));
    }

    [Fact]
    public void LayerPathsAreComparedAfterCleaning()
    {
        using var tree = new TempTree();
        tree.Files("model/w.bin", "other.txt");
        Assert.Equal(["other.txt"], Names(tree, ".", ".", "./model/"));
    }

    [Fact]
    public void IgnoresAndNestedLayersTogetherPutEachFileInExactlyOneLayer()
    {
        using var tree = new TempTree();
        tree.File(".kitignore", "main-dir/ignored.bin\nmain-dir/subdir/ignored.csv\nignored.py\n")
            .Files("main-dir/m.bin", "main-dir/ignored.bin", "main-dir/subdir/d.csv", "main-dir/subdir/ignored.csv", "code.py", "ignored.py");
        string[] layers = ["main-dir", "main-dir/subdir", "."];
        var files = layers.SelectMany(l => LayerWalker.Plan(tree.Root, l, Rules(tree, layers)).Entries.Where(e => !e.IsDirectory).Select(e => e.Name)).ToList();
        files.Sort(StringComparer.Ordinal);
        Assert.Equal(["code.py", "main-dir/m.bin", "main-dir/subdir/d.csv"], files);
    }

    [Fact]
    public void IgnoresBasicCorpus()
    {
        using var tree = new TempTree();
        tree.File(".kitignore", string.Join('\n',
            "# comment line",
            "dir1",
            "dir2/subdir",
            "root-file.txt",
            "dir3/nested-file.txt",
            "dir4/*/ignored.txt",
            "**/*.md",
            "**/ignored",
            "file?.bin",
            "dir5",
            "!dir5/not-ignored.md"));
        tree.Files(
            "dir1/a.txt", "dir2/subdir/b.txt", "dir2/kept.txt", "root-file.txt", "dir3/nested-file.txt", "dir3/kept.txt",
            "dir4/x/ignored.txt", "dir4/ignored.txt", "readme.md", "deep/er/doc.md", "deep/er/ignored/f.txt", "a/ignored",
            "file1.bin", "file10.bin", "dir5/ignored.md", "dir5/not-ignored.md", "dir5/other.txt");
        var files = LayerWalker.Plan(tree.Root, ".", Rules(tree, ".")).Entries.Where(e => !e.IsDirectory).Select(e => e.Name);
        Assert.Equal(["dir2/kept.txt", "dir3/kept.txt", "dir4/ignored.txt", "dir5/not-ignored.md", "file10.bin"], files);
    }

    [Fact]
    public void PartsWithTrailingSlashInsideAndOutsideTheModelDir()
    {
        using var tree = new TempTree();
        tree.File(".kitignore", "**/*.md\n**/part2/ignored\n")
            .Files("model/w.bin", "model/part1/p.bin", "model/part1/x.md", "part2/q.bin", "part2/ignored/z.bin");
        string[] layers = ["model/", "model/part1/", "part2/"];
        Assert.Equal(["model", "model/w.bin"], Names(tree, "model/", layers));
        Assert.Equal(["model", "model/part1", "model/part1/p.bin"], Names(tree, "model/part1/", layers));
        Assert.Equal(["part2", "part2/q.bin"], Names(tree, "part2/", layers));
    }

    [Fact]
    public void EntriesCarryModeAndSize()
    {
        if (OperatingSystem.IsWindows())
            return;
        using var tree = new TempTree();
        tree.Dir("d", 0x1C0 /* 0700 */).File("d/run.sh", "#!/bin/sh\n", 0x9ED /* 04755 */);
        var entries = LayerWalker.Plan(tree.Root, ".", Rules(tree, ".")).Entries;
        Assert.Equal(0x1C0, entries[0].Mode);
        Assert.True(entries[0].IsDirectory);
        Assert.Equal(0x9ED, entries[1].Mode);
        Assert.Equal(10, entries[1].Size);
    }
}
