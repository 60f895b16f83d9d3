using Kit.Oci.Content;
using Kit.Oci.Layout;
using Kit.Oci.Tests.Remote;
using Kit.TestSupport;

namespace Kit.Oci.Tests.Content;

/// <summary>
/// What every content store must do, whatever keeps the bytes: inherited by one test class per store
/// (<see cref="MemoryStoreTests"/>, <see cref="LayoutRepositoryTests"/>, <see cref="RegistryRepositoryTests"/>).
/// </summary>
public abstract class StorageConformanceTests
{
    protected const string LayerType = "application/vnd.example.layer.v1.tar";
    protected const string ConfigType = "application/vnd.example.config.v1+json";

    /// <summary>A fresh, empty store (or repository) for this test.</summary>
    protected abstract ITarget Store { get; }

    /// <summary>Damages stored content behind the store's back: flips a byte in the middle, or drops the second half.</summary>
    protected abstract Task DamageAsync(Descriptor stored, bool truncate);

    /// <summary>The refusal of bytes that are not what the descriptor names; a registry answers with its own error code.</summary>
    protected virtual void AssertRefused(Exception refusal) => Assert.IsType<ContentIntegrityException>(refusal);

    protected static async Task<byte[]> ReadAllAsync(IFetchable store, Descriptor d)
    {
        await using var stream = await store.FetchAsync(d);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>Config, one layer and the manifest naming them, pushed in that order.</summary>
    protected async Task<(Descriptor Manifest, byte[] Layer)> PushImageAsync(int seed)
    {
        var layer = TestData.Random(50_000, seed);
        var layerDescriptor = await Store.PushBytesAsync(LayerType, layer);
        var config = await Store.PushBytesAsync(ConfigType, System.Text.Encoding.UTF8.GetBytes($"{{\"seed\":{seed}}}"));
        var manifest = await Store.PushBytesAsync(MediaTypes.ImageManifest, new Manifest(config, [layerDescriptor]).ToJsonBytes());
        return (manifest, layer);
    }

    [ConformanceFact]
    public async Task Pushed_content_is_fetched_back_byte_for_byte()
    {
        var data = TestData.Random(300_000, seed: 3);
        var d = await Store.PushBytesAsync(LayerType, data);
        Assert.Equal(data, await ReadAllAsync(Store, d));
        Assert.Equal(data, await Store.FetchAllAsync(d, maxBytes: data.Length));
    }

    [ConformanceFact]
    public async Task Exists_only_after_a_push()
    {
        var data = TestData.Random(1000, seed: 4);
        var d = TestData.Describe(data);
        Assert.False(await Store.ExistsAsync(d));
        await Store.PushBytesAsync(d.MediaType, data);
        Assert.True(await Store.ExistsAsync(d));
    }

    [ConformanceFact]
    public async Task Pushing_what_is_there_succeeds_and_changes_nothing()
    {
        var data = TestData.Random(20_000, seed: 5);
        var d = await Store.PushBytesAsync(LayerType, data);
        await Store.PushAsync(d, new MemoryStream(data));
        Assert.Equal(data, await ReadAllAsync(Store, d));
    }

    [ConformanceFact]
    public async Task Bytes_that_are_not_what_the_descriptor_names_are_refused_and_nothing_is_stored()
    {
        var data = TestData.Random(20_000, seed: 6);
        var d = TestData.Describe(data);
        var wrong = (byte[])data.Clone();
        wrong[10_000] ^= 1;

        AssertRefused(await Assert.ThrowsAnyAsync<Exception>(() => Store.PushAsync(d, new MemoryStream(wrong))));
        Assert.False(await Store.ExistsAsync(d));
        Assert.False(await Store.ExistsAsync(TestData.Describe(wrong)));
    }

    [ConformanceFact]
    public async Task Fetch_of_content_damaged_in_place_fails_its_check()
    {
        var data = TestData.Random(40_000, seed: 7);
        var d = await Store.PushBytesAsync(LayerType, data);
        await DamageAsync(d, truncate: false);
        var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => ReadAllAsync(Store, d));
        Assert.Equal(d.Digest, e.Digest);
    }

    [ConformanceFact]
    public async Task Fetch_of_content_cut_short_fails_its_check()
    {
        var data = TestData.Random(40_000, seed: 8);
        var d = await Store.PushBytesAsync(LayerType, data);
        await DamageAsync(d, truncate: true);
        await Assert.ThrowsAsync<ContentIntegrityException>(() => ReadAllAsync(Store, d));
    }

    [ConformanceFact]
    public async Task Missing_content_and_unknown_tags_are_not_found()
    {
        var absent = TestData.Describe(TestData.Random(100, seed: 9));
        await Assert.ThrowsAnyAsync<ContentNotFoundException>(() => Store.FetchAsync(absent));
        await Assert.ThrowsAnyAsync<ContentNotFoundException>(() => Store.ResolveAsync("no-such-tag"));
        await Assert.ThrowsAnyAsync<ContentNotFoundException>(() => Store.ResolveAsync(absent.Digest.ToString()));
    }

    [ConformanceFact]
    public async Task Tags_resolve_move_and_are_listed()
    {
        var (first, _) = await PushImageAsync(seed: 10);
        var (second, _) = await PushImageAsync(seed: 11);
        await Store.TagAsync(first, "v1");
        await Store.TagAsync(first, "stable");
        Assert.Equal(first, await Store.ResolveAsync("v1"));
        Assert.Equal(first, await Store.ResolveAsync(first.Digest.ToString()));

        await Store.TagAsync(second, "v1");
        Assert.Equal(second, await Store.ResolveAsync("v1"));
        Assert.Equal(first, await Store.ResolveAsync("stable"));
        Assert.Equal(["stable", "v1"], (await ((ITagListable)Store).ListTagsAsync()).Order(StringComparer.Ordinal));
    }

    [ConformanceFact]
    public async Task Concurrent_pushes_of_one_blob_all_succeed_and_store_it_once()
    {
        var data = TestData.Random(2 << 20, seed: 12);
        var d = TestData.Describe(data, LayerType);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => Store.PushAsync(d, new MemoryStream(data)))));
        Assert.Equal(data, await ReadAllAsync(Store, d));
    }
}
