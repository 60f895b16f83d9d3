using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

public class HugePageBufferTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(100)] // pooled array
    [InlineData(1_500_000)] // its own mapping on Linux
    public void Growing_keeps_what_was_filled_and_the_content_can_be_written_out(int capacity)
    {
        var expected = new byte[capacity * 3 + 7];
        new Random(capacity).NextBytes(expected);
        using var buffer = new HugePageBuffer(capacity);
        Assert.True(buffer.Free.Length >= capacity);
        while (buffer.Length < expected.Length)
        {
            if (buffer.Free.IsEmpty)
                buffer.Grow();
            var n = Math.Min(buffer.Free.Length, expected.Length - buffer.Length);
            expected.AsSpan(buffer.Length, n).CopyTo(buffer.Free);
            buffer.Length += n;
        }
        Assert.True(buffer.Filled.SequenceEqual(expected));

        // A vectored write pins the memory it is given.
        var path = Path.Combine(_dir.Path, "out");
        using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
            RandomAccess.Write(file, [buffer.FilledMemory[..10], buffer.FilledMemory[10..]], 0);
        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_store_reads_an_index_json_of_megabytes_whole()
    {
        var store = new OciLayoutStore(_dir.Path);
        var manifests = Enumerable.Range(0, 20_000)
            .Select(i => new Descriptor(MediaTypes.ImageManifest, Digest.Compute(BitConverter.GetBytes(i)), i)).ToList();
        await store.UpdateIndexAsync(_ => new ImageIndex(manifests));
        Assert.True(new FileInfo(Path.Combine(_dir.Path, "index.json")).Length > 2 << 20);
        var fresh = new OciLayoutStore(_dir.Path);
        Assert.Equal(manifests.Select(m => m.Digest), (await fresh.ReadIndexAsync()).Manifests.Select(m => m.Digest));
    }
}
