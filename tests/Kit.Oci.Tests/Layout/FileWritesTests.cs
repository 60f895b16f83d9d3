using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

public class FileWritesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void A_large_span_is_written_whole_at_its_offset()
    {
        var data = Bytes((3 << 20) + 12345, 1);
        var path = Path.Combine(_dir.Path, "span");
        using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            FileWrites.Write(file, data.AsSpan(0, 10), 0);
            FileWrites.Write(file, data.AsSpan(10), 10);
        }
        Assert.Equal(data, File.ReadAllBytes(path));
    }

    [Fact]
    public void Pieces_small_and_large_are_written_in_order()
    {
        // Small pieces batch together, a piece larger than a slice is cut, and a batch never spans more than a slice.
        var pieces = new[] { 5, 1 << 20, 3, (5 << 19) + 7, 0, 1000, (1 << 20) - 1003, 1 }.Select((n, i) => Bytes(n, i + 10)).ToList();
        var path = Path.Combine(_dir.Path, "pieces");
        using (var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
            FileWrites.Write(file, pieces.Select(p => (ReadOnlyMemory<byte>)p).ToList(), 0);
        Assert.Equal(pieces.SelectMany(p => p).ToArray(), File.ReadAllBytes(path));
    }
}
