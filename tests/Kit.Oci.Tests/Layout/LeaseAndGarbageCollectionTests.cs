using System.Text;
using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

public class LeaseAndGarbageCollectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly OciLayoutStore _store;

    public LeaseAndGarbageCollectionTests() => _store = new OciLayoutStore(_dir.Path);

    public void Dispose() => _dir.Dispose();

    private Task<Descriptor> Put(string text, StoreLease? lease = null) =>
        _store.PutBytesAsync("application/octet-stream", Encoding.UTF8.GetBytes(text), lease);

    /// <summary>Stores a manifest over the given layers and lists it in index.json.</summary>
    private async Task<Descriptor> Index(Descriptor config, params Descriptor[] layers)
    {
        var manifest = await _store.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(config, layers).ToJsonBytes());
        await _store.UpdateIndexAsync(i => i with { Manifests = [.. i.Manifests, manifest] });
        return manifest;
    }

    [Fact]
    public void Concurrent_keeps_of_one_list_lose_nothing()
    {
        // Remote unpacks of one kit that end at the same time each merge their downloads into the same kept list.
        const int Workers = 16;
        var digests = Enumerable.Range(0, 50 * Workers).Select(i => Digest.Compute(Encoding.UTF8.GetBytes($"blob {i}"))).ToList();
        using var start = new Barrier(Workers);
        var threads = Enumerable.Range(0, Workers).Select(worker => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = worker; i < digests.Count; i += Workers)
                _store.Keep("manifest", [digests[i]]);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(digests.ToHashSet(), _store.KeptDigests());
    }

    [Fact]
    public async Task Releasing_a_kept_list_twice_before_a_collection_frees_both_releases()
    {
        // cache clear, another remote unpack of the same kit, cache clear again: the first release is still pending.
        var first = await Put("first download");
        var second = await Put("second download");
        _store.Keep("manifest", [first.Digest]);
        _store.ReleaseKept();
        _store.Keep("manifest", [second.Digest]);
        _store.ReleaseKept();

        await _store.CollectReleasedAsync();
        Assert.False(_store.Exists(first.Digest));
        Assert.False(_store.Exists(second.Digest));
    }

    [Fact]
    public async Task Gc_deletes_unreferenced_blobs_and_keeps_everything_reachable()
    {
        var config = await Put("config");
        var shared = await Put("shared layer");
        var own = await Put("own layer");
        var orphan = await Put("orphan from an interrupted pack");
        var manifest = await Index(config, shared, own);

        var result = await _store.CollectGarbageAsync();

        Assert.Equal([orphan.Digest], result.DeletedBlobs);
        Assert.Equal(orphan.Size, result.BytesDeleted);
        Assert.Empty(result.Problems);
        foreach (var d in new[] { config, shared, own, manifest })
            Assert.True(_store.Exists(d.Digest));
        Assert.False(_store.Exists(orphan.Digest));
    }

    [Fact]
    public async Task Gc_follows_image_index_children()
    {
        var config = await Put("c");
        var layer = await Put("l");
        var child = await _store.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(config, [layer]).ToJsonBytes());
        var parent = await _store.PutBytesAsync(MediaTypes.ImageIndex, new ImageIndex([child]).ToJsonBytes());
        await _store.UpdateIndexAsync(i => i with { Manifests = [parent] });

        var result = await _store.CollectGarbageAsync();

        Assert.Empty(result.DeletedBlobs);
        Assert.True(_store.Exists(layer.Digest));
    }

    [Fact]
    public async Task Lease_protects_committed_blobs_until_disposed()
    {
        Descriptor layer, reused;
        var existing = await Put("already here");
        using (var lease = _store.BeginLease())
        {
            layer = await Put("fresh layer", lease);
            await using (var w = _store.BeginBlobWrite(lease))
            {
                await w.WriteAsync("streamed"u8.ToArray());
                await w.CommitAsync("t");
            }
            Assert.True(await _store.LeaseIfExistsAsync(lease, existing.Digest));
            reused = existing;

            var during = await _store.CollectGarbageAsync();
            Assert.Empty(during.DeletedBlobs);
            Assert.Equal(0, during.StaleLeasesDeleted);
            Assert.Equal(3, lease.Digests.Count);
        }
        // Only the released list stays: the next collection's candidates.
        Assert.Equal([".released"], Directory.GetFiles(Path.Combine(_dir.Path, "leases")).Select(Path.GetExtension));

        var after = await _store.CollectGarbageAsync();
        Assert.Equal(3, after.BlobsDeleted);
        Assert.False(_store.Exists(layer.Digest));
        Assert.False(_store.Exists(reused.Digest));
    }

    [Fact]
    public async Task Released_collection_judges_only_what_was_let_go_of()
    {
        var config = await Put("config");
        var shared = await Put("shared layer");
        var own = await Put("own layer");
        var unrecorded = await Put("no record names this: only a full collection judges it");
        var keep = await Index(await Put("other config"), shared);
        var gone = await Index(config, shared, own);
        Descriptor failed;
        using (var lease = _store.BeginLease())
            failed = await Put("written by a pack that failed", lease);

        await _store.UpdateIndexAsync(i => i with { Manifests = [.. i.Manifests.Where(e => e.Digest != gone.Digest)] });
        var result = await _store.CollectReleasedAsync();

        Assert.Equal(new[] { gone.Digest, config.Digest, own.Digest, failed.Digest }.OrderBy(d => d.Hex), result.DeletedBlobs.OrderBy(d => d.Hex));
        Assert.True(_store.Exists(shared.Digest));
        Assert.True(_store.Exists(keep.Digest));
        Assert.True(_store.Exists(unrecorded.Digest));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "leases")));

        var again = await _store.CollectReleasedAsync();
        Assert.Empty(again.DeletedBlobs);
        Assert.Equal([unrecorded.Digest], (await _store.CollectGarbageAsync()).DeletedBlobs);
    }

    [Fact]
    public async Task Released_collection_takes_the_blobs_of_a_dead_process_lease()
    {
        var protectedBlob = await Put("protected by a dead lease");
        var leases = Path.Combine(_dir.Path, "leases");
        File.WriteAllText(Path.Combine(leases, "dead.lock"), "");
        File.WriteAllText(Path.Combine(leases, "dead.digests"), protectedBlob.Digest + "\n");

        var result = await _store.CollectReleasedAsync();

        Assert.Equal([protectedBlob.Digest], result.DeletedBlobs);
        Assert.Equal(1, result.StaleLeasesDeleted);
        Assert.Empty(Directory.GetFiles(leases));
    }

    [Fact]
    public async Task Kept_lists_keep_their_blobs_from_every_collection()
    {
        var kept = await Put("downloaded by a remote unpack");
        File.WriteAllText(Path.Combine(_dir.Path, "leases", "x.kept"), kept.Digest + "\n");
        File.WriteAllText(Path.Combine(_dir.Path, "leases", "y.released"), kept.Digest + "\n");

        Assert.Empty((await _store.CollectReleasedAsync()).DeletedBlobs);
        Assert.Empty((await _store.CollectGarbageAsync()).DeletedBlobs);
        Assert.True(_store.Exists(kept.Digest));
    }

    [Fact]
    public async Task Gc_deletes_stale_leases_and_abandoned_ingest_files_but_not_live_ones()
    {
        var protectedBlob = await Put("protected by a dead lease");
        await using var liveWriter = _store.BeginBlobWrite();
        await liveWriter.WriteAsync(new byte[10]);
        using var liveLease = _store.BeginLease();
        await Put("protected by a live lease", liveLease);

        // What a killed process leaves behind: files nobody holds locked.
        var leases = Path.Combine(_dir.Path, "leases");
        File.WriteAllText(Path.Combine(leases, "dead.lock"), "");
        File.WriteAllText(Path.Combine(leases, "dead.digests"), protectedBlob.Digest + "\n");
        File.WriteAllText(Path.Combine(leases, "orphan.digests"), protectedBlob.Digest + "\n");
        File.WriteAllText(Path.Combine(_dir.Path, "ingest", "blob-dead"), "partial");
        // A writer killed between making its temp file read-only and renaming it.
        var readOnly = Path.Combine(_dir.Path, "ingest", "blob-dead-readonly");
        File.WriteAllText(readOnly, "complete");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(readOnly, UnixFileMode.UserRead);

        var result = await _store.CollectGarbageAsync();

        Assert.Equal(2, result.StaleLeasesDeleted);
        Assert.Equal(2, result.StaleIngestFilesDeleted);
        Assert.Equal([protectedBlob.Digest], result.DeletedBlobs);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "ingest", "blob-dead")));
        Assert.Equal(2, Directory.GetFiles(leases).Length); // the live lease's two files
        Assert.Single(Directory.GetFiles(Path.Combine(_dir.Path, "ingest"))); // the live writer's temp

        var committed = await liveWriter.CommitAsync("t");
        Assert.True(_store.Exists(committed.Digest));
    }

    [Fact]
    public async Task Missing_manifest_is_reported_and_does_not_stop_collection()
    {
        // One bad entry (its manifest blob gone) must not make every later removal keep its bytes.
        var orphan = await Put("would be garbage");
        var kept = await Put("layer of a healthy kit");
        var healthy = await Index(await Put("c"), kept);
        var ghost = new Descriptor(MediaTypes.ImageManifest, Digest.Compute("never stored"u8), 12);
        await _store.UpdateIndexAsync(i => i with { Manifests = [.. i.Manifests, ghost] });

        var result = await _store.CollectGarbageAsync();

        Assert.Equal([orphan.Digest], result.DeletedBlobs);
        Assert.False(_store.Exists(orphan.Digest));
        Assert.True(_store.Exists(kept.Digest));
        Assert.True(_store.Exists(healthy.Digest));
        Assert.Contains(result.Problems, p => p.Contains(ghost.Digest.ToString(), StringComparison.Ordinal) && p.Contains("missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Corrupt_manifest_keeps_every_blob_and_is_reported()
    {
        var orphan = await Put("would be garbage");
        var manifest = await Index(await Put("c"));
        var path = _store.GetBlobPath(manifest.Digest);
        Writable.Make(path);
        File.WriteAllText(path, "{}");

        var result = await _store.CollectGarbageAsync();

        Assert.Empty(result.DeletedBlobs);
        Assert.True(_store.Exists(orphan.Digest));
        Assert.Single(result.Problems);
    }

    [Fact]
    public async Task Gc_ignores_files_not_named_by_a_digest()
    {
        await _store.UpdateIndexAsync(i => i);
        var stranger = Path.Combine(_dir.Path, "blobs", "sha256", "README");
        File.WriteAllText(stranger, "x");
        await _store.CollectGarbageAsync();
        Assert.True(File.Exists(stranger));
    }
}
