using System.Security.Cryptography;
using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

public class BlobWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly OciLayoutStore _store;

    public BlobWriterTests() => _store = new OciLayoutStore(_dir.Path) { WriteBufferSize = 64 * 1024 };

    public void Dispose() => _dir.Dispose();

    private static byte[] Random(int n)
    {
        var b = new byte[n];
        RandomNumberGenerator.Fill(b);
        return b;
    }

    [Fact]
    public async Task Commit_stores_read_only_blob_under_its_digest_and_leaves_no_temp()
    {
        var data = Random(1_000_003); // several buffer swaps plus a partial one
        await using var writer = _store.BeginBlobWrite();
        // Mixed sync and async writes of odd sizes.
        writer.Write(data, 0, 1000);
        await writer.WriteAsync(data.AsMemory(1000, 500_000));
        writer.Write(data.AsSpan(501_000));
        var descriptor = await writer.CommitAsync("m", Digest.Compute(data), data.Length);

        Assert.Equal(Digest.Compute(data), descriptor.Digest);
        Assert.Equal(data.Length, descriptor.Size);
        var path = _store.GetBlobPath(descriptor.Digest);
        Assert.Equal(data, await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "ingest")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        Assert.Equal("{\"imageLayoutVersion\":\"1.0.0\"}", File.ReadAllText(Path.Combine(_dir.Path, "oci-layout")));
    }

    [Fact]
    public async Task Commit_without_expectation_computes_digest()
    {
        await using var writer = _store.BeginBlobWrite();
        await writer.WriteAsync("hello"u8.ToArray());
        var d = await writer.CommitAsync("t");
        Assert.Equal(Digest.Compute("hello"u8), d.Digest);
        Assert.True(_store.TryGetSize(d.Digest, out var size));
        Assert.Equal(5, size);
    }

    [Fact]
    public async Task Wrong_digest_throws_naming_it_and_stores_nothing()
    {
        var wrong = Digest.Compute("other"u8);
        await using var writer = _store.BeginBlobWrite();
        await writer.WriteAsync("hello"u8.ToArray());
        var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => writer.CommitAsync("t", wrong));
        Assert.Equal(wrong, e.Digest);
        Assert.Contains(wrong.ToString(), e.Message);
        Assert.Contains("digest mismatch", e.Message);
        Assert.False(_store.Exists(wrong));
        Assert.False(_store.Exists(Digest.Compute("hello"u8)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "ingest")));
    }

    [Theory]
    [InlineData(300, 300)] // the whole blob in one buffer of its size
    [InlineData(300, 100_000)] // more arrives than was announced: the small buffers fill and alternate like large ones
    public async Task Writer_sized_for_a_small_blob_stores_what_arrives_and_checks_the_announced_size(int announced, int sent)
    {
        var data = Random(sent);
        using var lease = _store.BeginLease();
        await using (var writer = _store.BeginBlobWrite(lease, announced))
        {
            await writer.WriteAsync(data.AsMemory(0, sent / 2));
            writer.Write(data.AsSpan(sent / 2));
            if (sent == announced)
            {
                var d = await writer.CommitAsync("m", Digest.Compute(data), announced);
                Assert.Equal(data, await File.ReadAllBytesAsync(_store.GetBlobPath(d.Digest)));
                return;
            }
            var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => writer.CommitAsync("m", Digest.Compute(data), announced));
            Assert.Contains("size mismatch", e.Message);
        }
        Assert.False(_store.Exists(Digest.Compute(data)));
        await using (var writer = (await _store.BeginResumableWriteAsync(Digest.Compute(data), announced, lease))!)
        {
            await writer.WriteAsync(data);
            await Assert.ThrowsAsync<ContentIntegrityException>(() => writer.CommitAsync("m", Digest.Compute(data), announced));
        }
        Assert.False(_store.Exists(Digest.Compute(data)));
    }

    [Fact]
    public async Task Wrong_size_throws_and_stores_nothing()
    {
        await using var writer = _store.BeginBlobWrite();
        await writer.WriteAsync("hello"u8.ToArray());
        var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => writer.CommitAsync("t", Digest.Compute("hello"u8), 6));
        Assert.Contains("size mismatch", e.Message);
        Assert.False(_store.Exists(Digest.Compute("hello"u8)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task Committing_an_existing_blob_is_success()
    {
        var first = await _store.PutBytesAsync("t", "same"u8.ToArray());
        var before = File.GetLastWriteTimeUtc(_store.GetBlobPath(first.Digest));
        await using var writer = _store.BeginBlobWrite();
        await writer.WriteAsync("same"u8.ToArray());
        var second = await writer.CommitAsync("t", first.Digest, 4);
        Assert.Equal(first.Digest, second.Digest);
        Assert.Equal("same"u8.ToArray(), File.ReadAllBytes(_store.GetBlobPath(first.Digest)));
        Assert.Equal(before, File.GetLastWriteTimeUtc(_store.GetBlobPath(first.Digest)));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "ingest")));
    }

    [Fact]
    public async Task Disposing_without_commit_leaves_no_file()
    {
        var writer = _store.BeginBlobWrite();
        writer.Write(Random(200_000));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dir.Path, "ingest")));
        await writer.DisposeAsync();
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "ingest")));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "blobs", "sha256")));
    }

    [Fact]
    public async Task Concurrent_writers_of_the_same_blob_both_succeed()
    {
        var data = Random(300_000);
        var tasks = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await using var w = _store.BeginBlobWrite();
            await w.WriteAsync(data);
            return await w.CommitAsync("t", Digest.Compute(data));
        })).ToArray();
        var results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.Equal(Digest.Compute(data), r.Digest));
        Assert.Equal(data, File.ReadAllBytes(_store.GetBlobPath(Digest.Compute(data))));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "ingest")));
    }
}
