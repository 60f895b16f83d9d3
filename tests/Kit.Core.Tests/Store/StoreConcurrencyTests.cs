using System.Text;
using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Tests.Store;

/// <summary>
/// Decisions that depend on the index are made under the store lock against the index as it is then, and readers
/// survive concurrent changes to other ModelKits; one damaged entry never makes the store unusable.
/// </summary>
public sealed class StoreConcurrencyTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-core-race-" + Guid.NewGuid().ToString("N"));
    private readonly LocalModelStore _store;
    private readonly List<string> _warnings = [];

    public StoreConcurrencyTests() => _store = LocalModelStore.Open(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, true); }
        catch (IOException) { }
    }

    private async Task<Descriptor> Kit(string name, LocalModelStore? store = null)
    {
        store ??= _store;
        var c = await store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.config.v1+json",
            Encoding.UTF8.GetBytes($"{{\"manifestVersion\":\"1.0.0\",\"package\":{{\"name\":\"{name}\"}}}}"));
        var l = await store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.model.v1.tar", Encoding.UTF8.GetBytes("layer of " + name));
        return await store.Layout.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(c, [l]).ToJsonBytes());
    }

    private LocalModelKits Kits(LocalModelStore? store = null) => new(store ?? _store, _warnings.Add);

    [Fact]
    public async Task Tag_is_not_written_when_its_source_was_removed_after_it_was_resolved()
    {
        var kit = await Kit("a");
        await _store.AddManifestAsync("localhost/src", kit, ["v1"]);
        // tag resolved the source, then a concurrent remove dropped it and collected its blobs.
        await _store.RemoveReferenceAsync("localhost/src", "v1", force: false);
        await _store.CollectGarbageAsync();

        var named = await _store.TagSourceAsync("localhost/src", "v1", "localhost/dst", "v1", _ => { });

        Assert.Null(named);
        Assert.Empty(await _store.ListAsync());
        Assert.Empty(await Kits().ListAsync());
    }

    [Fact]
    public async Task Tag_checks_what_the_source_names_under_the_lock_and_writes_nothing_when_refused()
    {
        var first = await Kit("a");
        var second = await Kit("b");
        await _store.AddManifestAsync("localhost/src", first, ["v1"]);
        // Moved after the caller looked at it: what is checked and tagged is what the source names now.
        await _store.AddManifestAsync("localhost/src", second, ["v1"]);
        var index = File.ReadAllBytes(Path.Combine(_store.Layout.Root, "index.json"));

        await Assert.ThrowsAsync<KitException>(() => _store.TagSourceAsync("localhost/src", "v1", "localhost/dst", "v1",
            d => throw new KitException("refused " + d.Digest)));
        Assert.Equal(index, File.ReadAllBytes(Path.Combine(_store.Layout.Root, "index.json")));

        Descriptor? checkedOne = null;
        var named = await _store.TagSourceAsync("localhost/src", "v1", "localhost/dst", "v1", d => checkedOne = d);
        Assert.Equal(second.Digest, named?.Digest);
        Assert.Equal(second.Digest, checkedOne?.Digest);
        Assert.Equal(second.Digest, (await _store.ResolveAsync("localhost/dst", "v1"))?.Digest);
    }

    [Fact]
    public async Task Remove_all_spares_a_tag_added_to_an_untagged_kit()
    {
        var kit = await Kit("a");
        await _store.AddManifestAsync("localhost/_", kit, []);
        // A tag written between "what is untagged?" and the removal must survive it.
        await _store.AddManifestAsync("localhost/_", kit, ["kept"]);

        var removed = await _store.RemoveAllAsync(force: false);

        Assert.Empty(removed);
        Assert.Equal(kit.Digest, (await _store.ResolveAsync("localhost/_", "kept"))?.Digest);
    }

    [Fact]
    public async Task Remove_of_one_of_two_tags_decides_on_the_index_under_the_lock()
    {
        var kit = await Kit("a");
        await _store.AddManifestAsync("localhost/r", kit, ["a", "b"]);

        Assert.True((await _store.RemoveReferenceAsync("localhost/r", "a", force: false)).UntaggedOnly);
        var (manifest, untaggedOnly) = await _store.RemoveReferenceAsync("localhost/r", "b", force: false);

        Assert.Equal(kit.Digest, manifest?.Digest);
        Assert.False(untaggedOnly);
        Assert.Empty(await _store.ListAsync());
        Assert.Null((await _store.RemoveReferenceAsync("localhost/r", "b", force: false)).Manifest);
    }

    [Fact]
    public async Task Tagging_while_remove_all_prunes_never_leaves_a_tag_without_its_blobs()
    {
        var other = LocalModelStore.Open(_root);
        var tagged = 0;
        for (var round = 0; round < 30; round++)
        {
            var kit = await Kit("k" + round);
            await _store.AddManifestAsync("localhost/_", kit, []);
            for (var i = 0; i < 3; i++)
                await _store.AddManifestAsync("localhost/_", await Kit($"prune{round}-{i}"), []);

            var source = ModelReference.Parse(kit.Digest.ToString());
            var target = ModelReference.Parse($"kept:r{round}");
            var tag = Task.Run(async () =>
            {
                try
                {
                    await Kits().TagAsync(source, target);
                    return true;
                }
                catch (ModelKitNotFoundException)
                {
                    return false; // remove --all won the race: then no tag may appear
                }
            });
            var prune = Task.Run(async () =>
            {
                await other.RemoveAllAsync(force: false);
                await other.CollectGarbageAsync();
            });
            await Task.WhenAll(tag, prune);

            var named = await _store.ResolveAsync("localhost/kept", $"r{round}");
            Assert.Equal(await tag, named is not null);
            if (named is not null)
            {
                tagged++;
                Assert.Equal("k" + round, ReadName(await Kits().ResolveAsync(target)));
            }
        }
        Assert.Equal(tagged, (await Kits().ListAsync()).Count(r => r.Repository == "localhost/kept"));
        Assert.Empty(_warnings);
        Assert.Empty((await _store.CollectGarbageAsync()).Problems);
    }

    private static string? ReadName(ModelKit kit) => ModelKitSummary.NameAndAuthor(kit.ConfigBytes).Name;

    [Fact]
    public async Task List_and_resolve_survive_other_kits_being_removed_and_collected_meanwhile()
    {
        var mine = await Kit("mine");
        await _store.AddManifestAsync("localhost/mine", mine, ["v1"]);
        var remover = LocalModelStore.Open(_root);
        using var stop = new CancellationTokenSource();
        var churn = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await remover.AddManifestAsync("localhost/churn", await Kit("churn" + i, remover), ["t" + i]);
                await remover.RemoveReferenceAsync("localhost/churn", "t" + i, force: false);
                await remover.CollectGarbageAsync();
            }
        });
        try
        {
            for (var i = 0; i < 200; i++)
            {
                Assert.Contains(await Kits().ListAsync(), r => r.Repository == "localhost/mine");
                Assert.Equal(mine.Digest, (await Kits().ResolveAsync(ModelReference.Parse("mine:v1"))).Digest);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await churn;
        }
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task A_damaged_entry_is_reported_and_everything_else_still_lists_and_resolves()
    {
        var good = await Kit("good");
        var bad = await Kit("bad");
        await _store.AddManifestAsync("localhost/good", good, ["v1"]);
        await _store.AddManifestAsync("localhost/bad", bad, ["v1"]);
        File.Delete(_store.Layout.GetBlobPath(bad.Digest));

        var rows = await Kits().ListAsync();

        Assert.Equal("localhost/good", Assert.Single(rows).Repository);
        var warning = Assert.Single(_warnings);
        Assert.Contains("bad@" + bad.Digest, warning, StringComparison.Ordinal);
        Assert.Contains("kit remove", warning, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<KitException>(() => Kits().ResolveAsync(ModelReference.Parse("bad:v1")));
        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
        Assert.Equal(good.Digest, (await Kits().ResolveAsync(ModelReference.Parse("good:v1"))).Digest);
        // ... and removing it repairs the store.
        await new ModelKitRemover(_store, _ => { }, _warnings.Add).RemoveAsync(ModelReference.Parse("bad:v1"), force: false);
        Assert.Single(await Kits().ListAsync());
    }
}
