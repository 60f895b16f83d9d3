using System.Formats.Tar;
using Kit.Core.Packing;

namespace Kit.Core.Tests.Packing;

/// <summary>Byte equality with tars written by Go's archive/tar the way KitOps writes layers.</summary>
public class GoldenTarTests
{
    private static async Task<byte[]> PackAsync(string root, string layer = ".")
    {
        var plan = LayerWalker.Plan(root, layer, new LayerIgnoreRules(KitIgnore.Load(root), [layer]));
        using var output = new MemoryStream();
        var result = await LayerWriter.WriteAsync(plan, output, LayerCompression.None);
        Assert.Null(result.DiffId);
        Assert.Equal(output.Length, result.TarSize);
        return output.ToArray();
    }

    [Fact]
    public async Task TreeMatchesGoArchiveTarByteForByte()
    {
        if (OperatingSystem.IsWindows())
            return; // Modes differ on Windows, as they do for KitOps.
        using var tree = new TempTree();
        GoldenFixtures.BuildTree(tree);
        var expected = GoldenFixtures.Read("tree.tar");
        var actual = await PackAsync(tree.Root);
        AssertSameBytes(expected, actual);
    }

    [Fact]
    public async Task EmptyLayerIsJustTheEndMarker()
    {
        using var tree = new TempTree();
        AssertSameBytes(GoldenFixtures.Read("empty.tar"), await PackAsync(tree.Root));
        Assert.Equal(new byte[1024], GoldenFixtures.Read("empty.tar"));
    }

    [Theory]
    [InlineData("big-short.hdr", "big.bin", 8L << 30)]
    [InlineData("big-long.hdr", "LONG", 8L << 30)]
    [InlineData("under-8g.hdr", "almost.bin", (8L << 30) - 1)]
    public void HugeFileHeadersMatchGo(string golden, string name, long size)
    {
        if (name == "LONG")
            name = new string('p', 80) + "/" + new string('q', 80);
        AssertSameBytes(GoldenFixtures.Read(golden), GoTarHeader.Encode(name, isDirectory: false, 0x1A4, size));
    }

    [Theory]
    [InlineData("name100.hdr", 'n', 100, ' ', 0)]
    [InlineData("slash100.hdr", 'h', 99, 'i', 120)]
    [InlineData("split155.hdr", 's', 155, 't', 100)]
    public void NameBoundaryHeadersMatchGo(string golden, char first, int firstLength, char second, int secondLength)
    {
        var name = new string(first, firstLength) + (secondLength > 0 ? "/" + new string(second, secondLength) : "");
        AssertSameBytes(GoldenFixtures.Read(golden), GoTarHeader.Encode(name, isDirectory: false, 0x1A4, 5));
    }

    [Fact]
    public void NonAsciiDirectoryHeaderMatchesGo() =>
        AssertSameBytes(GoldenFixtures.Read("nonascii-dir.hdr"), GoTarHeader.Encode("über/ü", isDirectory: true, 0x1ED, 0));

    [Fact]
    public async Task OutputIsReadableByTarReaderWithExpectedHeaders()
    {
        using var tree = new TempTree();
        GoldenFixtures.BuildTree(tree);
        var bytes = await PackAsync(tree.Root);
        using var reader = new TarReader(new MemoryStream(bytes));
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
            entries.Add(entry);

        Assert.Contains(entries, e => e.Name == "données/é.txt" && e.EntryType == TarEntryType.RegularFile);
        Assert.Contains(entries, e => e.Name == new string('f', 200) + "/" + new string('g', 95) + ".txt");
        var c = Assert.Single(entries, e => e.Name == "a/b/c.txt");
        Assert.Equal(1000, c.Uid);
        Assert.Equal(0, c.Gid);
        Assert.Equal(DateTimeOffset.UnixEpoch, c.ModificationTime);
        Assert.Equal("hello\n", new StreamReader(c.DataStream!).ReadToEnd());
        Assert.Equal(TarEntryType.Directory, Assert.Single(entries, e => e.Name == "a").EntryType);
    }

    [Fact]
    public async Task ChangingMtimesDoesNotChangeBytes()
    {
        using var tree = new TempTree();
        GoldenFixtures.BuildTree(tree);
        var first = await PackAsync(tree.Root);
        foreach (var path in Directory.EnumerateFileSystemEntries(tree.Root, "*", SearchOption.AllDirectories))
            File.SetLastWriteTimeUtc(path, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(tree.Root, DateTime.UtcNow.AddDays(-3));
        AssertSameBytes(first, await PackAsync(tree.Root));
    }

    [Fact]
    public async Task ChangingContentDoesChangeBytes()
    {
        using var tree = new TempTree();
        GoldenFixtures.BuildTree(tree);
        var first = await PackAsync(tree.Root);
        tree.File("a/b/c.txt", "hellO\n");
        Assert.NotEqual(first, await PackAsync(tree.Root));
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        var limit = Math.Min(expected.Length, actual.Length);
        for (var i = 0; i < limit; i++)
        {
            if (expected[i] != actual[i])
                Assert.Fail($"first difference at byte {i} (block {i / 512}, offset {i % 512}): expected 0x{expected[i]:x2}, got 0x{actual[i]:x2}");
        }
        Assert.Equal(expected.Length, actual.Length);
    }
}
