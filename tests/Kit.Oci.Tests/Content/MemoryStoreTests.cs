using Kit.Oci.Content;

namespace Kit.Oci.Tests.Content;

public sealed class MemoryStoreTests : StorageConformanceTests
{
    private readonly MemoryStore _store = new();

    protected override ITarget Store => _store;

    protected override async Task DamageAsync(Descriptor stored, bool truncate) =>
        _store.Corrupt(stored.Digest, Damage(await _store.FetchAllAsync(stored, stored.Size), truncate));

    internal static byte[] Damage(byte[] bytes, bool truncate)
    {
        if (truncate)
            return bytes[..(bytes.Length / 2)];
        var copy = (byte[])bytes.Clone();
        copy[copy.Length / 2] ^= 0x55;
        return copy;
    }

    [Fact]
    public async Task Deleting_content_removes_it_and_the_tags_that_name_it()
    {
        var (manifest, _) = await PushImageAsync(seed: 20);
        await _store.TagAsync(manifest, "v1");
        await _store.DeleteAsync(manifest);
        Assert.False(await _store.ExistsAsync(manifest));
        Assert.Empty(await _store.ListTagsAsync());
        await Assert.ThrowsAsync<ContentNotFoundException>(() => _store.DeleteAsync(manifest));
    }
}
