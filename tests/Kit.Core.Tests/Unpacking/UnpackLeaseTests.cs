using Kit.Core.ModelKits;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Core.Tests.Packing;
using Kit.Core.Unpacking;

namespace Kit.Core.Tests.Unpacking;

/// <summary>An unpack leases the layers it reads, so removing the same kit meanwhile does not fail it.</summary>
public sealed class UnpackLeaseTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-unpack-lease-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task Removing_the_kit_while_it_unpacks_does_not_fail_the_unpack()
    {
        var context = Path.Combine(_root, "ctx");
        Directory.CreateDirectory(Path.Combine(context, "m"));
        Directory.CreateDirectory(Path.Combine(context, "src"));
        File.WriteAllText(Path.Combine(context, "m", "w.bin"), "weights");
        File.WriteAllText(Path.Combine(context, "src", "a.py"), "print(1)");
        const string kitfile = "manifestVersion: 1.0.0\npackage:\n  name: k\nmodel:\n  path: m\ncode:\n  - path: src\n";
        var (manifest, _, store) = await TestPack.PackAsync(context, Path.Combine(_root, "storage"), kitfile, "k:1");
        var reference = ModelReference.Parse("k:1");
        var local = new LocalModelKits(store);
        var source = new LocalThenRemoteModelKits(local, null);
        var removed = false;

        var kit = await source.OpenAsync(reference, k => ModelKitUnpacker.SelectLayers(k, UnpackFilterSet.Everything));
        await using (kit)
        {
            var target = Path.Combine(_root, "out");
            await new ModelKitUnpacker(local, _ => { }, source).UnpackAsync(kit, new UnpackRequest
            {
                Reference = reference,
                TargetDirectory = target,
                // The kit's only tag goes, and its blobs are collected, while its first layer is being read.
                LayerStarted = (_, _, _) =>
                {
                    if (!removed)
                    {
                        removed = true;
                        new ModelKitRemover(store, _ => { }, _ => { }).RemoveAsync(reference, force: false).GetAwaiter().GetResult();
                    }
                    return null;
                },
            });
            Assert.True(removed);
            Assert.Equal("weights", File.ReadAllText(Path.Combine(target, "m", "w.bin")));
            Assert.Equal("print(1)", File.ReadAllText(Path.Combine(target, "src", "a.py")));
        }

        // The unpack over, its lease ended: the next collection takes what the removal let go of.
        Assert.Empty(await store.ListAsync());
        await store.CollectGarbageAsync();
        Assert.All(manifest.Layers, l => Assert.False(store.Layout.Exists(l.Digest)));
    }
}
