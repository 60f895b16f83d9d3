using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

public class ResumableWriteTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly OciLayoutStore _store;

    public ResumableWriteTests() => _store = new OciLayoutStore(_dir.Path) { WriteBufferSize = 1 << 16 };

    public void Dispose() => _dir.Dispose();

    private static byte[] Data(int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        return data;
    }

    [Fact]
    public async Task Abandoned_write_keeps_its_prefix_and_the_next_writer_continues_after_it()
    {
        var data = Data(3 << 20);
        var digest = Digest.Compute(data);
        using var lease = _store.BeginLease();
        await using (var first = await _store.BeginResumableWriteAsync(digest, data.Length, lease))
        {
            Assert.NotNull(first);
            Assert.Equal(0, first.ExistingLength);
            await first.WriteAsync(data.AsMemory(0, 1_000_001)); // not a buffer multiple: the buffered tail must be kept too
        }
        Assert.Equal(1_000_001, new FileInfo(_store.GetPartialPath(digest)).Length);

        await using (var second = await _store.BeginResumableWriteAsync(digest, data.Length, lease))
        {
            Assert.NotNull(second);
            Assert.Equal(1_000_001, second.ExistingLength);
            Assert.Equal(1_000_001, second.BytesWritten);
            await second.WriteAsync(data.AsMemory(1_000_001));
            var committed = await second.CommitAsync("application/octet-stream", digest, data.Length);
            Assert.Equal(digest, committed.Digest);
        }
        Assert.Equal(data, File.ReadAllBytes(_store.GetBlobPath(digest)));
        Assert.False(File.Exists(_store.GetPartialPath(digest)));
        Assert.Null(await _store.BeginResumableWriteAsync(digest, data.Length, lease));
    }

    [Fact]
    public async Task A_wrong_prefix_fails_verification_and_is_deleted()
    {
        var data = Data(100_000);
        var digest = Digest.Compute(data);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "ingest"));
        var wrong = (byte[])data.Clone();
        wrong[10] ^= 1;
        File.WriteAllBytes(_store.GetPartialPath(digest), wrong.AsSpan(0, 50_000).ToArray());
        using var lease = _store.BeginLease();
        await using (var writer = await _store.BeginResumableWriteAsync(digest, data.Length, lease))
        {
            Assert.Equal(50_000, writer!.ExistingLength);
            await writer.WriteAsync(data.AsMemory(50_000));
            await Assert.ThrowsAsync<ContentIntegrityException>(() => writer.CommitAsync("application/octet-stream", digest, data.Length));
        }
        Assert.False(File.Exists(_store.GetPartialPath(digest)));
        Assert.False(_store.Exists(digest));
    }

    [Fact]
    public async Task A_partial_longer_than_the_blob_starts_over()
    {
        var data = Data(1000);
        var digest = Digest.Compute(data);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "ingest"));
        File.WriteAllBytes(_store.GetPartialPath(digest), Data(2000));
        using var lease = _store.BeginLease();
        await using var writer = await _store.BeginResumableWriteAsync(digest, data.Length, lease);
        Assert.Equal(0, writer!.ExistingLength);
    }

    [Fact]
    public async Task Second_writer_of_a_blob_waits_for_the_first_and_then_finds_it_committed()
    {
        var data = Data(10_000);
        var digest = Digest.Compute(data);
        using var lease = _store.BeginLease();
        var first = await _store.BeginResumableWriteAsync(digest, data.Length, lease);
        var second = _store.BeginResumableWriteAsync(digest, data.Length, lease);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        await first!.WriteAsync(data);
        await first.CommitAsync("application/octet-stream", digest, data.Length);
        await first.DisposeAsync();
        Assert.Null(await second.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void A_lock_held_by_another_handle_is_told_apart_from_other_open_failures()
    {
        // A writer that commits moves its partial file away: the waiting writer sees a lock conflict on a file that is
        // gone by the time it looks, which must read "try again", not a failure.
        var path = Path.Combine(_dir.Path, "held");
        using var holder = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        var conflict = Assert.ThrowsAny<IOException>(() => new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None));
        Assert.True(FileLocking.IsHeldElsewhere(conflict));

        var missing = Assert.ThrowsAny<IOException>(() => new FileStream(Path.Combine(_dir.Path, "no", "such"), FileMode.Open));
        Assert.False(FileLocking.IsHeldElsewhere(missing));
    }

    [Fact]
    public async Task Gc_keeps_partials_in_use_and_fresh_ones_and_deletes_stale_ones()
    {
        using var lease = _store.BeginLease();
        var live = Data(5000);
        await using var writer = await _store.BeginResumableWriteAsync(Digest.Compute(live), live.Length, lease);
        await writer!.WriteAsync(live.AsMemory(0, 100));

        var fresh = Data(6000);
        await using (var w = await _store.BeginResumableWriteAsync(Digest.Compute(fresh), fresh.Length, lease))
            await w!.WriteAsync(fresh.AsMemory(0, 100));
        var stale = Data(7000);
        await using (var w = await _store.BeginResumableWriteAsync(Digest.Compute(stale), stale.Length, lease))
            await w!.WriteAsync(stale.AsMemory(0, 100));
        var stalePath = _store.GetPartialPath(Digest.Compute(stale));
        File.SetLastWriteTimeUtc(stalePath, DateTime.UtcNow - _store.StaleAge - TimeSpan.FromHours(1));

        var result = await _store.CollectGarbageAsync();

        Assert.Equal(1, result.StaleIngestFilesDeleted);
        Assert.True(File.Exists(_store.GetPartialPath(Digest.Compute(live))));
        Assert.True(File.Exists(_store.GetPartialPath(Digest.Compute(fresh))));
        Assert.False(File.Exists(stalePath));
    }
}
