using Kit.TestSupport;
using System.Net;
using System.Text;
using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Oci.Tests.Remote;

/// <summary>Against the real distribution registry; each test uses its own repository names.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RemoteRepositoryRegistryTests(RegistryFixture registry) : IDisposable
{
    private const string ConfigType = "application/vnd.kitops.modelkit.config.v1+json";
    private readonly RecordingHandler _recorder = new();
    private readonly string _temp = Directory.CreateTempSubdirectory("kit-remote-").FullName;
    private HttpClient? _http;

    private RemoteRepository Repo(string name, RemoteRepositoryOptions? options = null)
    {
        _http ??= RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" }, _recorder);
        return new RemoteRepository(_http, registry.HostPort, name, (options ?? new RemoteRepositoryOptions()) with { PlainHttp = true });
    }

    public void Dispose()
    {
        _http?.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private static async Task<byte[]> FetchAsync(RemoteRepository repo, Descriptor d)
    {
        using var ms = new MemoryStream();
        await repo.FetchBlobAsync(d, ms);
        return ms.ToArray();
    }

    [RegistryFact]
    public async Task Monolithic_push_then_exists_and_verified_fetch()
    {
        var repo = Repo("org/mono");
        var data = TestData.Random(200_000);
        var d = TestData.Describe(data);
        Assert.False(await repo.BlobExistsAsync(d.Digest));
        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        Assert.True(await repo.BlobExistsAsync(d.Digest));
        Assert.Equal(data, await FetchAsync(repo, d));
        Assert.Single(_recorder.Requests, r => r.StartsWith("PUT /v2/org/mono/blobs/uploads/", StringComparison.Ordinal));
        Assert.DoesNotContain(_recorder.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
    }

    [RegistryFact]
    public async Task Chunked_push_sends_several_patches_then_closing_put()
    {
        var repo = Repo("org/chunked", new RemoteRepositoryOptions { MonolithicThreshold = 64 << 10, ChunkSize = 64 << 10 });
        var data = TestData.Random(300_000, seed: 2);
        var d = TestData.Describe(data);
        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        Assert.Equal(5, _recorder.Requests.Count(r => r.StartsWith("PATCH", StringComparison.Ordinal)));
        Assert.Single(_recorder.Requests, r => r.StartsWith("PUT", StringComparison.Ordinal));
        Assert.Equal(data, await FetchAsync(repo, d));
    }

    [RegistryFact]
    public async Task Chunked_push_of_exact_multiple_of_chunk_size()
    {
        var repo = Repo("org/chunked-exact", new RemoteRepositoryOptions { MonolithicThreshold = 1, ChunkSize = 64 << 10 });
        var data = TestData.Random(128 << 10, seed: 3);
        var d = TestData.Describe(data);
        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        Assert.Equal(2, _recorder.Requests.Count(r => r.StartsWith("PATCH", StringComparison.Ordinal)));
        Assert.Equal(data, await FetchAsync(repo, d));
    }

    private static async Task<(Descriptor Manifest, byte[] Bytes)> PushModelKitAsync(RemoteRepository repo, string tag, int seed = 5)
    {
        var config = Encoding.UTF8.GetBytes("""{"manifestVersion":"1.0.0","package":{"name":"test"}}""");
        var layer = TestData.Random(10_000, seed);
        var cd = TestData.Describe(config, ConfigType);
        var ld = TestData.Describe(layer);
        await repo.PushBlobAsync(cd, () => new MemoryStream(config));
        await repo.PushBlobAsync(ld, () => new MemoryStream(layer));
        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"config":{"mediaType":"{{ConfigType}}","digest":"{{cd.Digest}}","size":{{cd.Size}}},"layers":[{"mediaType":"{{ld.MediaType}}","digest":"{{ld.Digest}}","size":{{ld.Size}}}],"annotations":{"seed":"{{seed}}"} }""");
        var md = await repo.PushManifestAsync(tag, MediaTypes.ImageManifest, manifest);
        return (md, manifest);
    }

    [RegistryFact]
    public async Task Manifest_push_resolve_and_fetch_are_byte_exact()
    {
        var repo = Repo("org/manifest");
        var (md, bytes) = await PushModelKitAsync(repo, "v1");
        var resolved = await repo.ResolveAsync("v1");
        Assert.Equal(md.Digest, resolved.Digest);
        Assert.Equal(bytes.Length, resolved.Size);
        Assert.Equal(MediaTypes.ImageManifest, resolved.MediaType);
        Assert.Equal(resolved, await repo.ResolveAsync(md.Digest.ToString()));
        var byTag = await repo.FetchManifestAsync("v1");
        Assert.Equal(bytes, byTag.Content);
        Assert.Equal(md.Digest, byTag.Descriptor.Digest);
        Assert.Equal(bytes, await repo.FetchManifestAsync(resolved));
    }

    [RegistryFact]
    public async Task Manifest_above_limit_is_refused()
    {
        var repo = Repo("org/big-manifest", new RemoteRepositoryOptions { MaxManifestSize = 100 });
        await PushModelKitAsync(repo, "v1");
        var e = await Assert.ThrowsAsync<ManifestTooLargeException>(() => repo.FetchManifestAsync("v1"));
        Assert.Contains("larger than 100 bytes", e.Message);
    }

    [RegistryFact]
    public async Task Download_into_store_commits_verified_blob()
    {
        var repo = Repo("org/download");
        var data = TestData.Random(3_000_000, seed: 7);
        var d = TestData.Describe(data);
        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        var store = new OciLayoutStore(Path.Combine(_temp, "store"));
        await using var writer = store.BeginBlobWrite();
        var committed = await repo.DownloadBlobAsync(d, writer);
        Assert.Equal(d.Digest, committed.Digest);
        Assert.Equal(data, await File.ReadAllBytesAsync(store.GetBlobPath(d.Digest)));
    }

    [RegistryFact]
    public async Task Wrong_size_is_rejected_and_not_committed()
    {
        var repo = Repo("org/wrong");
        var data = TestData.Random(50_000, seed: 8);
        var d = TestData.Describe(data);
        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        var store = new OciLayoutStore(Path.Combine(_temp, "store"));
        await using var writer = store.BeginBlobWrite();
        await Assert.ThrowsAsync<ContentIntegrityException>(() => repo.DownloadBlobAsync(d with { Size = 40_000 }, writer));
        Assert.False(store.Exists(d.Digest));
    }

    [RegistryFact]
    public async Task Resume_partial_file_with_range_request()
    {
        var repo = Repo("org/resume");
        var data = TestData.Random(1_000_000, seed: 9);
        var d = TestData.Describe(data);
        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        var path = Path.Combine(_temp, "partial");
        await File.WriteAllBytesAsync(path, data[..300_000]);
        await using (var partial = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
            await repo.ResumeBlobAsync(d, partial);
        Assert.Equal(data, await File.ReadAllBytesAsync(path));
        Assert.Contains(_recorder.Requests, r => r.EndsWith("Range:bytes=300000-", StringComparison.Ordinal));
    }

    [RegistryFact]
    public async Task Resume_with_corrupt_partial_file_fails_verification()
    {
        var repo = Repo("org/resume-bad");
        var data = TestData.Random(100_000, seed: 10);
        var d = TestData.Describe(data);
        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        var path = Path.Combine(_temp, "partial-bad");
        await File.WriteAllBytesAsync(path, TestData.Random(1000, seed: 11));
        await using var partial = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        await Assert.ThrowsAsync<ContentIntegrityException>(() => repo.ResumeBlobAsync(d, partial));
    }

    [RegistryFact]
    public async Task Resume_into_blob_writer_with_prefix()
    {
        var repo = Repo("org/resume-writer");
        var data = TestData.Random(500_000, seed: 12);
        var d = TestData.Describe(data);
        await repo.PushBlobAsync(d, () => new MemoryStream(data));
        var store = new OciLayoutStore(Path.Combine(_temp, "store"));
        await using var writer = store.BeginBlobWrite();
        await writer.WriteAsync(data.AsMemory(0, 123_456));
        await repo.DownloadBlobAsync(d, writer);
        Assert.Equal(data, await File.ReadAllBytesAsync(store.GetBlobPath(d.Digest)));
        Assert.Contains(_recorder.Requests, r => r.EndsWith("Range:bytes=123456-", StringComparison.Ordinal));
    }

    [RegistryFact]
    public async Task Mount_between_repositories_and_fallback_upload()
    {
        var source = Repo("org/mount-src");
        var target = Repo("org/mount-dst");
        var data = TestData.Random(20_000, seed: 13);
        var d = TestData.Describe(data);
        await source.PushBlobAsync(d, () => new MemoryStream(data));
        Assert.True(await target.MountBlobAsync(d, "org/mount-src", () => throw new InvalidOperationException("must not upload")));
        Assert.True(await target.BlobExistsAsync(d.Digest));

        var other = TestData.Random(20_000, seed: 14);
        var od = TestData.Describe(other);
        Assert.False(await target.MountBlobAsync(od, "org/mount-src", () => new MemoryStream(other)));
        Assert.True(await target.BlobExistsAsync(od.Digest));
        Assert.Equal(other, await FetchAsync(target, od));
    }

    [RegistryFact]
    public async Task Tags_list_and_delete_manifest()
    {
        var repo = Repo("org/tags");
        var (md, _) = await PushModelKitAsync(repo, "v1");
        await repo.PushManifestAsync("v2", MediaTypes.ImageManifest, (await repo.FetchManifestAsync("v1")).Content);
        Assert.Equal(["v1", "v2"], (await repo.ListTagsAsync()).Order(StringComparer.Ordinal));
        await repo.DeleteManifestAsync(md.Digest);
        Assert.Empty(await repo.ListTagsAsync());
        await Assert.ThrowsAsync<RegistryNotFoundException>(() => repo.ResolveAsync("v1"));
    }

    [RegistryFact]
    public async Task Not_found_is_typed_with_readable_message()
    {
        var repo = Repo("org/missing");
        var e = await Assert.ThrowsAsync<RegistryNotFoundException>(() => repo.FetchManifestAsync("v9"));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.StartsWith($"registry {registry.HostPort}: fetch manifest org/missing:v9: 404 ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        var tags = await Assert.ThrowsAsync<RegistryNotFoundException>(() => repo.ListTagsAsync());
        Assert.True(tags.HasErrorCode("NAME_UNKNOWN"));
        await Assert.ThrowsAsync<RegistryNotFoundException>(() => repo.ResolveAsync("v9"));
    }

    [RegistryFact]
    public async Task Wrong_digest_on_push_is_a_one_line_error_and_not_retried()
    {
        var repo = Repo("org/bad-digest");
        var data = TestData.Random(1000, seed: 15);
        var d = TestData.Describe(TestData.Random(1000, seed: 16));
        var e = await Assert.ThrowsAsync<RegistryException>(() => repo.PushBlobAsync(d, () => new MemoryStream(data)));
        Assert.Equal($"registry {registry.HostPort}: push blob org/bad-digest@{d.Digest}: 400 DIGEST_INVALID: provided digest did not match uploaded content", e.Message);
        Assert.Single(_recorder.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
    }
}
