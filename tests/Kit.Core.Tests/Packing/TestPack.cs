using Kit.Core.Kitfiles;
using Kit.Core.ModelKits;
using Kit.Core.Packing;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

/// <summary>Packs a context into a store without output and reads back what was stored.</summary>
internal static class TestPack
{
    public static async Task<(Manifest Manifest, Kitfiles.Kitfile Config, LocalModelStore Store)> PackAsync(
        string context, string storage, string kitfile, string reference, IModelKitSource? parents = null,
        LayerCompression compression = LayerCompression.None, DateTimeOffset? created = null, IPackObserver? observer = null,
        bool reread = false, LayerFormat format = LayerFormat.Tar, Func<string, string?>? environment = null, bool giveAwayFiles = false)
    {
        var store = LocalModelStore.Open(storage);
        var packer = new ModelKitPacker(store, observer ?? new QuietObserver(), parents);
        var descriptor = await packer.PackAsync(new PackRequest
        {
            ContextDirectory = context,
            Kitfile = new KitfileSource(kitfile, null),
            Reference = ModelReference.Parse(reference),
            CliVersion = "test",
            Compression = compression,
            Format = format,
            Created = created,
            Reread = reread,
            GiveAwayFiles = giveAwayFiles,
            Environment = environment ?? (_ => null),
        });
        var manifest = Manifest.Parse(await store.Layout.ReadAllBytesVerifiedAsync(descriptor.Digest));
        var config = KitfileJson.Read(await store.Layout.ReadAllBytesVerifiedAsync(manifest.Config.Digest));
        return (manifest, config, store);
    }

    private sealed class QuietObserver : IPackObserver
    {
        public void Warn(string message) { }
        public void Info(string message) { }
        public IProgress<long>? LayerStarted(string description, long totalBytes) => null;
        public void LayerSaved(string description, Descriptor layer) { }
    }
}
