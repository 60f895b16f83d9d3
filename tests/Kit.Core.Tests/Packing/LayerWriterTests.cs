using System.IO.Compression;
using System.Security.Cryptography;
using Kit.Core.Packing;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

public class LayerWriterTests
{
    private static LayerPlan Plan(TempTree tree, string layer = ".") =>
        LayerWalker.Plan(tree.Root, layer, new LayerIgnoreRules(KitIgnore.Load(tree.Root), [layer]));

    private static async Task<byte[]> WriteAsync(LayerPlan plan, LayerCompression compression)
    {
        using var output = new MemoryStream();
        await LayerWriter.WriteAsync(plan, output, compression);
        return output.ToArray();
    }

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.GzipFastest)]
    public async Task GzipDecompressesToTheSameTarAndDiffIdIsItsHash(LayerCompression compression)
    {
        using var tree = new TempTree();
        GoldenFixtures.BuildTree(tree);
        tree.File("big.bin", new string('x', 3 << 20));
        var plan = Plan(tree);
        var tar = await WriteAsync(plan, LayerCompression.None);

        using var compressed = new MemoryStream();
        var result = await LayerWriter.WriteAsync(plan, compressed, compression);

        var stored = compressed.ToArray();
        Assert.Equal([0x1f, 0x8b], stored[..2]);
        Assert.True(stored.Length < tar.Length);
        compressed.Position = 0;
        using var unzipped = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionMode.Decompress))
            await gzip.CopyToAsync(unzipped);
        Assert.Equal(tar, unzipped.ToArray());
        Assert.Equal(Digest.Compute(tar), result.DiffId);
        Assert.Equal(tar.Length, result.TarSize);
        Assert.Equal(plan.TotalFileSize, result.TotalFileSize);
    }

    [Fact]
    public async Task FastestAndDefaultLevelsProduceDifferentStreams()
    {
        using var tree = new TempTree();
        tree.File("text.txt", string.Concat(Enumerable.Range(0, 20000).Select(i => $"line {i % 97} {i % 13}\n")));
        var plan = Plan(tree);
        Assert.NotEqual(await WriteAsync(plan, LayerCompression.Gzip), await WriteAsync(plan, LayerCompression.GzipFastest));
    }

    [Fact]
    public async Task GzipOutputIsReproducible()
    {
        using var tree = new TempTree();
        GoldenFixtures.BuildTree(tree);
        var first = await WriteAsync(Plan(tree), LayerCompression.Gzip);
        File.SetLastWriteTimeUtc(tree.PathOf("a/b/c.txt"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(first, await WriteAsync(Plan(tree), LayerCompression.Gzip));
    }

    [Fact]
    public async Task NoneWritesTheRawTarAndLeavesDiffIdToTheCaller()
    {
        using var tree = new TempTree();
        tree.File("a.txt", "abc");
        using var output = new MemoryStream();
        var result = await LayerWriter.WriteAsync(Plan(tree), output, LayerCompression.None);
        Assert.Null(result.DiffId);
        Assert.Equal(3, result.TotalFileSize);
        Assert.Equal(512 + 512 + 1024, output.Length);
        Assert.Equal((byte)'a', output.ToArray()[0]);
    }

    [Fact]
    public async Task LargeFileIsStreamedCompletely()
    {
        using var tree = new TempTree();
        var content = new byte[(5 << 20) + 123];
        new Random(42).NextBytes(content);
        File.WriteAllBytes(tree.PathOf("blob.bin"), content);
        var tar = await WriteAsync(Plan(tree), LayerCompression.None);
        Assert.Equal(512 + content.Length + GoTarHeader.Padding(content.Length) + 1024, tar.Length);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(tar.AsSpan(512, content.Length)));
    }

    [Fact]
    public async Task FileDeletedAfterPlanningFailsWithItsPath()
    {
        using var tree = new TempTree();
        tree.File("data/gone.bin", "content");
        var plan = Plan(tree);
        File.Delete(tree.PathOf("data/gone.bin"));
        var e = await Assert.ThrowsAsync<PackingException>(() => LayerWriter.WriteAsync(plan, new MemoryStream(), LayerCompression.Gzip));
        Assert.Contains("data/gone.bin", e.Message);
    }

    [Theory]
    [InlineData("shorter", "shrank")]
    [InlineData("much longer content", "grew")]
    public async Task FileChangingSizeAfterPlanningFailsWithItsPath(string newContent, string reason)
    {
        using var tree = new TempTree();
        tree.File("data/f.bin", "original!");
        var plan = Plan(tree);
        tree.File("data/f.bin", newContent);
        var e = await Assert.ThrowsAsync<PackingException>(() => LayerWriter.WriteAsync(plan, new MemoryStream(), LayerCompression.None));
        Assert.Contains("data/f.bin", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public async Task CancellationStopsTheWrite()
    {
        using var tree = new TempTree();
        tree.Files("a", "b");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LayerWriter.WriteAsync(Plan(tree), new MemoryStream(), LayerCompression.None, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task ProgressReportsTheRunningTotalOfFileBytes()
    {
        using var tree = new TempTree();
        tree.File("a", "12345").File("b", "678");
        var reports = new List<long>();
        await LayerWriter.WriteAsync(Plan(tree), new MemoryStream(), LayerCompression.None, new SyncProgress(reports.Add));
        Assert.Equal([5, 8], reports);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
