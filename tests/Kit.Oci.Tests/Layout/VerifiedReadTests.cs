using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

public class VerifiedReadTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly OciLayoutStore _store;

    public VerifiedReadTests() => _store = new OciLayoutStore(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private async Task<Descriptor> PutAndDamageAsync(Action<string> damage)
    {
        var d = await _store.PutBytesAsync("t", Enumerable.Range(0, 10_000).Select(i => (byte)i).ToArray());
        var path = _store.GetBlobPath(d.Digest);
        Writable.Make(path);
        damage(path);
        return d;
    }

    private static void FlipByte(string path)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[5000] ^= 1;
        File.WriteAllBytes(path, bytes);
    }

    private static void Truncate(string path)
    {
        using var s = File.OpenWrite(path);
        s.SetLength(9000);
    }

    [Fact]
    public async Task Intact_blob_reads_back()
    {
        var d = await PutAndDamageAsync(_ => { });
        using var s = _store.OpenRead(d.Digest, d.Size);
        var copy = new MemoryStream();
        await s.CopyToAsync(copy);
        Assert.Equal(10_000, copy.Length);
        Assert.Equal(10_000, (await _store.ReadAllBytesVerifiedAsync(d.Digest)).Length);
    }

    [Fact]
    public async Task Flipped_byte_is_detected_at_end_of_stream()
    {
        var d = await PutAndDamageAsync(FlipByte);
        using var s = _store.OpenRead(d.Digest, d.Size);
        var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => s.CopyToAsync(Stream.Null));
        Assert.Equal(d.Digest, e.Digest);
        Assert.Contains("blob is corrupt: digest mismatch", e.Message);
        Assert.Contains(_store.GetBlobPath(d.Digest), e.Message);
        await Assert.ThrowsAsync<ContentIntegrityException>(() => _store.ReadAllBytesVerifiedAsync(d.Digest));
    }

    [Fact]
    public async Task Truncated_blob_is_detected_with_and_without_expected_size()
    {
        var d = await PutAndDamageAsync(Truncate);
        using (var s = _store.OpenRead(d.Digest, d.Size))
        {
            var e = Assert.Throws<ContentIntegrityException>(() => s.CopyTo(Stream.Null));
            Assert.Contains("size mismatch", e.Message);
        }
        using (var s = _store.OpenRead(d.Digest))
            Assert.Throws<ContentIntegrityException>(() => s.CopyTo(Stream.Null));
    }

    [Fact]
    public async Task Zero_length_read_is_not_taken_for_the_end()
    {
        var d = await PutAndDamageAsync(_ => { });
        using var s = _store.OpenRead(d.Digest, d.Size);
        Assert.Equal(0, s.Read([]));
        Assert.Equal(0, await s.ReadAsync(Memory<byte>.Empty));
        await s.CopyToAsync(Stream.Null);
    }

    [Fact]
    public async Task Appended_bytes_are_detected_before_the_end()
    {
        var d = await PutAndDamageAsync(path => File.AppendAllText(path, "x"));
        using var s = _store.OpenRead(d.Digest, d.Size);
        var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => s.CopyToAsync(Stream.Null));
        Assert.Contains("more than the expected", e.Message);
    }

    [Fact]
    public async Task Missing_blob_is_typed()
    {
        var missing = Digest.Compute("nope"u8);
        Assert.Throws<BlobNotFoundException>(() => _store.OpenRead(missing));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => _store.ReadAllBytesVerifiedAsync(missing));
        Assert.False(_store.Exists(missing));
        Assert.False(_store.TryGetSize(missing, out _));
    }

    [Fact]
    public async Task Small_read_refuses_oversized_blob()
    {
        var d = await _store.PutBytesAsync("t", new byte[100]);
        await Assert.ThrowsAsync<InvalidDataException>(() => _store.ReadAllBytesVerifiedAsync(d.Digest, maxBytes: 99));
    }
}
