using System.Formats.Tar;
using Kit.Core.Format;
using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.Packing;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Core.Tests.References;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

public sealed class PackWithParentTests : IDisposable
{
    private readonly TempTree _context = new();
    private readonly TempTree _storage = new();

    private Task<(Manifest Manifest, Kitfiles.Kitfile Config, LocalModelStore Store)> Pack(string kitfile, IModelKitSource resolver) =>
        TestPack.PackAsync(_context.Root, _storage.Root, kitfile, "child:1", resolver);

    private static List<string> Entries(LocalModelStore store, Descriptor layer)
    {
        using var reader = new TarReader(File.OpenRead(store.Layout.GetBlobPath(layer.Digest)));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        return names;
    }

    [Fact]
    public async Task Files_under_parent_paths_are_not_packed_again_but_deeper_child_paths_are()
    {
        _context.File("weights/model.bin", "parent weights")
            .File("weights/lora/adapter.bin", "child adapter")
            .File("data/train.csv", "parent data")
            .File("notes.md", "child notes");
        var resolver = new FakeModelKitSource().Add("base:1", "model:\n  path: weights\ndatasets:\n  - path: data/train.csv\n");

        var (manifest, config, store) = await Pack("""
            manifestVersion: 1.0.0
            model:
              path: base:1
              parts:
                - name: lora
                  path: weights/lora
            code:
              - path: .
            """, resolver);

        Assert.Equal([ModelKitMediaTypes.Layer(LayerKind.ModelPart, false), ModelKitMediaTypes.Layer(LayerKind.Code, false)],
            manifest.Layers.Select(l => l.MediaType));
        Assert.Contains("weights/lora/adapter.bin", Entries(store, manifest.Layers[0]));
        var code = Entries(store, manifest.Layers[1]);
        Assert.Contains("notes.md", code);
        Assert.DoesNotContain(code, e => e.StartsWith("weights", StringComparison.Ordinal) || e.StartsWith("data/train", StringComparison.Ordinal));

        Assert.Equal("base:1", config.Model!.Path);
        Assert.Null(config.Model.Digest);
        Assert.Null(config.Model.DiffId);
        Assert.NotNull(config.Model.Parts[0].Digest);
    }

    [Fact]
    public async Task A_failing_parent_stores_nothing()
    {
        _context.File("weights/lora/adapter.bin", "child adapter");
        var e = await Assert.ThrowsAsync<KitException>(() => Pack("model:\n  path: missing:1\n  parts:\n    - path: weights/lora\n", new FakeModelKitSource()));
        Assert.StartsWith("Failed to resolve referenced modelkit missing:1: ", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_storage.Root, "blobs", "sha256")) && Directory.EnumerateFiles(Path.Combine(_storage.Root, "blobs", "sha256")).Any());
    }

    public void Dispose()
    {
        _context.Dispose();
        _storage.Dispose();
    }
}
