using Kit.Core.Packing;

namespace Kit.Core.Tests.Packing;

public class KitIgnoreTests
{
    private static bool Ignored(string kitignore, string path) => KitIgnore.Parse(kitignore).IsIgnored(path);

    // ---- 3.1 line processing ----

    [Fact]
    public void Utf8BomOnFirstLineIsStripped() => Assert.True(Ignored("\uFEFFsecret.txt\n", "secret.txt"));

    [Fact]
    public void HashInFirstColumnIsAComment()
    {
        Assert.False(Ignored("#secret.txt\n", "secret.txt"));
        Assert.False(Ignored("#secret.txt\n", "#secret.txt"));
    }

    [Fact]
    public void HashAfterLeadingSpacesIsAPattern()
    {
        Assert.True(Ignored("  #notes\n", "#notes"));
        Assert.Equal(["#notes", "Kitfile", "kitfile", ".kitfile", ".kitignore"], KitIgnore.Parse("  #notes\n").Patterns);
    }

    [Fact]
    public void SurroundingWhitespaceAndCrLfAreTrimmedAndBlankLinesSkipped()
    {
        var ignore = KitIgnore.Parse("\r\n   \n\t data.bin  \r\n");
        Assert.True(ignore.IsIgnored("data.bin"));
        Assert.Equal(5, ignore.Patterns.Count);
    }

    [Fact]
    public void BangMarksExclusionAndWhitespaceAfterItIsTrimmed()
    {
        var ignore = KitIgnore.Parse("*.txt\n!   keep.txt\n");
        Assert.True(ignore.HasExclusions);
        Assert.True(ignore.IsIgnored("drop.txt"));
        Assert.False(ignore.IsIgnored("keep.txt"));
    }

    [Theory]
    [InlineData("a/./b/", "a/b")]
    [InlineData("x/../y", "y")]
    [InlineData("/top.txt", "top.txt")]
    [InlineData("dir/", "dir")]
    [InlineData("./a//b", "a/b")]
    public void PatternsArePathCleaned(string pattern, string cleaned) =>
        Assert.Equal(cleaned, KitIgnore.Parse(pattern).Patterns[0]);

    [Fact]
    public void TrailingSlashStillMatchesFilesNamedLikeTheDirectory()
    {
        Assert.True(Ignored("dir/\n", "dir"));
        Assert.True(Ignored("dir/\n", "dir/file"));
    }

    [Fact]
    public void LeadingSlashHasNoMeaning()
    {
        Assert.True(Ignored("/a/b\n", "a/b"));
        Assert.False(Ignored("/b\n", "a/b"));
    }

    [Theory]
    [InlineData("!")]
    [InlineData("!   ")]
    [InlineData("x\n!\n")]
    [InlineData("!/")]
    public void LoneBangIsIllegal(string kitignore)
    {
        var e = Assert.Throws<KitIgnoreException>(() => KitIgnore.Parse(kitignore));
        Assert.Equal("invalid .kitignore file: illegal exclusion pattern: \"!\"", e.Message);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("a[b")]
    [InlineData("[]")]
    [InlineData("[^]")]
    [InlineData("[a-]")]
    [InlineData("[-a]")]
    [InlineData("trailing\\")]
    [InlineData("!x[")]
    public void MalformedPatternsAreErrors(string kitignore)
    {
        var e = Assert.Throws<KitIgnoreException>(() => KitIgnore.Parse(kitignore));
        Assert.StartsWith("invalid .kitignore file: ", e.Message);
    }

    // ---- 3.2 syntax ----

    [Theory]
    [InlineData("a/b", "a/b", true)]
    [InlineData("a/b", "a/bc", false)]
    [InlineData("a/b", "x/a/b", false)]
    [InlineData("*", "anything", true)]
    [InlineData("a/*", "a/x", true)]
    [InlineData("a/*.bin", "a/x.bin", true)]
    [InlineData("a*b", "a/b", false)]
    [InlineData("file?.bin", "file1.bin", true)]
    [InlineData("file?.bin", "file10.bin", false)]
    [InlineData("a?b", "a/b", false)]
    [InlineData("data[0-9].csv", "data7.csv", true)]
    [InlineData("data[0-9].csv", "dataX.csv", false)]
    [InlineData("data[^0-9].csv", "dataX.csv", true)]
    [InlineData("data[^0-9].csv", "data7.csv", false)]
    [InlineData("[ab]c", "bc", true)]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("\\[x\\]", "[x]", true)]
    [InlineData("**/foo", "foo", true)]
    [InlineData("**/foo", "a/foo", true)]
    [InlineData("**/foo", "a/b/foo", true)]
    [InlineData("**/foo", "a/barfoo", false)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/xb", false)]
    [InlineData("**/*.md", "README.md", true)]
    [InlineData("**/*.md", "docs/deep/x.md", true)]
    [InlineData("prefix/**", "prefix/x", true)]
    [InlineData("prefix/**", "prefix/x/y", true)]
    [InlineData("prefix/**", "prefixed", false)]
    [InlineData("a.b", "a.b", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData("a+b(c)|{d}$", "a+b(c)|{d}$", true)]
    [InlineData("*.tx+", "a.tx+", true)]
    [InlineData("*.tx+", "a.txx", false)]
    [InlineData("(*)", "(x)", true)]
    [InlineData("*.bin", "a.bin\n", false)]
    public void PatternSyntax(string pattern, string path, bool ignored) => Assert.Equal(ignored, Ignored(pattern, path));

    [Fact]
    public void DoubleStarAfterLiteralPrefixIsAPlainStringPrefix()
    {
        // patternmatcher's prefixMatch: "a**" matches anything starting with "a".
        Assert.True(Ignored("a**", "abc"));
        Assert.True(Ignored("a**", "a/x"));
        Assert.False(Ignored("a**", "ba"));
    }

    // ---- 3.2 parent rule and evaluation order ----

    [Fact]
    public void PatternMatchingAnAncestorIgnoresDescendants()
    {
        Assert.True(Ignored("dir1", "dir1/x/y.txt"));
        Assert.True(Ignored("**/ignored", "a/b/ignored/f.txt"));
        Assert.False(Ignored("dir1", "dir10/x"));
    }

    [Fact]
    public void ExclusionsUseTheParentRuleToo()
    {
        var ignore = KitIgnore.Parse("dir5*\n!dir5\n");
        Assert.False(ignore.IsIgnored("dir5/a/b.txt"));
        Assert.True(ignore.IsIgnored("dir55/a"));
    }

    [Fact]
    public void LastApplicableMatchWins()
    {
        var ignore = KitIgnore.Parse("*.txt\n!keep*.txt\nkeep-not.txt\n");
        Assert.True(ignore.IsIgnored("a.txt"));
        Assert.False(ignore.IsIgnored("keep1.txt"));
        Assert.True(ignore.IsIgnored("keep-not.txt"));
    }

    [Fact]
    public void ExclusionIsOnlyTestedWhileIgnored()
    {
        // "!b" never applies to "b" because nothing ignored it first.
        var ignore = KitIgnore.Parse("!b\nb\n");
        Assert.True(ignore.IsIgnored("b"));
    }

    [Fact]
    public void SingleStarMdOnlyMatchesTopLevel()
    {
        Assert.True(Ignored("*.md", "README.md"));
        Assert.False(Ignored("*.md", "docs/README.md"));
        Assert.True(Ignored("**/*.md", "docs/README.md"));
    }

    [Fact]
    public void StarSegmentMatchesExactlyOneLevel()
    {
        Assert.True(Ignored("dir4/*/f.txt", "dir4/x/f.txt"));
        Assert.False(Ignored("dir4/*/f.txt", "dir4/f.txt"));
        Assert.False(Ignored("dir4/*/f.txt", "dir4/x/y/f.txt"));
    }

    // ---- 3.3 built-ins ----

    [Theory]
    [InlineData("Kitfile", true)]
    [InlineData("kitfile", true)]
    [InlineData(".kitfile", true)]
    [InlineData(".kitignore", true)]
    [InlineData("sub/Kitfile", false)]
    [InlineData("sub/.kitignore", false)]
    [InlineData("KITFILE", false)]
    public void BuiltInPatternsAreTopLevelLiterals(string path, bool ignored) =>
        Assert.Equal(ignored, KitIgnore.Default.IsIgnored(path));

    [Fact]
    public void BuiltInsComeLastSoTheyCannotBeReIncluded()
    {
        var ignore = KitIgnore.Parse("!Kitfile\n!.kitignore\n");
        Assert.True(ignore.IsIgnored("Kitfile"));
        Assert.True(ignore.IsIgnored(".kitignore"));
        Assert.Equal(["!Kitfile", "!.kitignore", "Kitfile", "kitfile", ".kitfile", ".kitignore"], ignore.Patterns);
    }

    [Fact]
    public void LoadReadsOnlyTheContextFileAndToleratesItsAbsence()
    {
        using var tree = new TempTree();
        Assert.False(KitIgnore.Load(tree.Root).IsIgnored("x.tmp"));
        tree.File(".kitignore", "*.tmp\n");
        Assert.True(KitIgnore.Load(tree.Root).IsIgnored("x.tmp"));
    }
}
