using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

public sealed class PackLayerOrderTests : IDisposable
{
    private readonly TempTree _context = new();
    private readonly TempTree _storage = new();

    [Fact]
    public async Task Manifest_layers_follow_the_entry_list_and_the_config_carries_their_digests()
    {
        _context.Files("README.md", "data/train.csv", "data/test.csv", "src/main.py", "model/weights.bin", "adapters/lora.bin");
        // Sections deliberately out of pack order.
        const string yaml = """
            manifestVersion: 1.0.0
            docs: [{path: README.md}]
            datasets: [{name: train, path: data/train.csv}, {name: test, path: data/test.csv}]
            code: [{path: src}]
            model: {name: m, path: model, parts: [{name: lora, path: adapters}]}
            """;
        var store = LocalModelStore.Open(_storage.Root);
        var descriptor = await new ModelKitPacker(store, new QuietPackObserver()).PackAsync(new PackRequest
        {
            ContextDirectory = _context.Root,
            Kitfile = new KitfileSource(yaml, null),
            Reference = ModelReference.Parse("order:1"),
            CliVersion = "test",
        });
        var manifest = Manifest.Parse(await store.Layout.ReadAllBytesVerifiedAsync(descriptor.Digest));
        var config = KitfileJson.Read(await store.Layout.ReadAllBytesVerifiedAsync(manifest.Config.Digest));

        var entries = KitfileLayers.Of(config).Where(e => e.HasLayer).ToList();
        Assert.Equal(["model", "modelpart", "code", "dataset", "dataset", "docs"], entries.Select(e => e.Kind.MediaTypeBase));
        Assert.Equal(entries.Select(e => ModelKitMediaTypes.Layer(e.Kind, gzip: false)), manifest.Layers.Select(l => l.MediaType));
        Assert.Equal(manifest.Layers.Select(l => (Digest?)l.Digest), entries.Select(e => e.Digest));
        Assert.Equal(entries.Select(e => e.Digest), entries.Select(e => e.DiffId));
    }

    public void Dispose()
    {
        _context.Dispose();
        _storage.Dispose();
    }
}
