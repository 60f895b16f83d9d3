using Kit.Core.Packing;
using Kit.Core.Format;
using Kit.Core.Kitfiles;
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
        var (manifest, config, _) = await TestPack.PackAsync(_context.Root, _storage.Root, yaml, "order:1");

        var entries = KitfileLayers.Of(config).Where(e => e.HasLayer).ToList();
        Assert.Equal(["model", "modelpart", "code", "dataset", "dataset", "docs"], entries.Select(e => e.Kind.MediaTypeBase));
        Assert.Equal(entries.Select(e => ModelKitMediaTypes.Layer(e.Kind, LayerCompression.None)), manifest.Layers.Select(l => l.MediaType));
        Assert.Equal(manifest.Layers.Select(l => (Digest?)l.Digest), entries.Select(e => e.Digest));
        Assert.Equal(entries.Select(e => e.Digest), entries.Select(e => e.DiffId));
    }

    public void Dispose()
    {
        _context.Dispose();
        _storage.Dispose();
    }
}
