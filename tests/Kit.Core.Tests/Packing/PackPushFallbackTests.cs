using Kit.Core.Kitfiles;
using Kit.Core.Packing;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Oci;
using Kit.Oci.Remote;
using Kit.TestSupport;
using Kit.Core.Tests.Transfer;

namespace Kit.Core.Tests.Packing;

/// <summary><c>pack --push</c> to a registry that takes no chunks: each layer is kept on disk and pushed in one PUT.</summary>
[Collection(RegistryCollection.Name)]
public sealed class PackPushFallbackTests(RegistryFixture registry) : IDisposable
{
    private const string Kitfile = "manifestVersion: 1.0.0\npackage:\n  name: fallback\nmodel:\n  name: weights\n  path: model.bin\ndocs:\n  - path: README.md\n";
    private static readonly DateTimeOffset Created = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-packpush-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, true); }
        catch (IOException) { }
    }

    private string Context()
    {
        var dir = Path.Combine(_root, "context");
        Directory.CreateDirectory(dir);
        var model = new byte[(2 << 20) + 77];
        new Random(21).NextBytes(model);
        File.WriteAllBytes(Path.Combine(dir, "model.bin"), model);
        File.WriteAllText(Path.Combine(dir, "README.md"), "# fallback\n");
        return dir;
    }

    private static PackRequest Request(string context, string reference) => new()
    {
        ContextDirectory = context,
        Kitfile = new KitfileSource(Kitfile, null),
        Reference = ModelReference.Parse(reference),
        CliVersion = "test",
        Created = Created,
    };

    [RegistryTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Layers_go_up_in_one_PUT_each_and_the_kit_is_the_one_pack_makes(bool keepLocal)
    {
        var context = Context();
        var expected = await new ModelKitPacker(LocalModelStore.Open(Path.Combine(_root, "plain")), new Quiet()).PackAsync(Request(context, "org/plain:v1"));

        var methods = new Methods();
        using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions(), methods);
        var repository = new RemoteRepository(http, registry.HostPort, "org/fallback",
            new RemoteRepositoryOptions { PlainHttp = true, ChunkSize = 1 << 20, MonolithicThreshold = 1 << 20, RefuseChunks = true });
        var store = LocalModelStore.Open(Path.Combine(_root, "pusher"));
        var observer = new Quiet();
        var reference = $"{registry.HostPort}/org/fallback:v1";

        var pushed = await new ModelKitPacker(store, observer).PackAsync(Request(context, reference),
            () => new RegistryPackDestination(repository, store, keepLocal ? new StorePackDestination(store, observer) : null, observer));

        Assert.Equal(expected.Digest, pushed.Digest);
        Assert.DoesNotContain("PATCH", methods.Seen);
        Assert.Equal(pushed.Digest, (await repository.ResolveAsync("v1")).Digest);
        var blobs = Path.Combine(store.Layout.Root, "blobs", "sha256");
        var ingest = Path.Combine(store.Layout.Root, "ingest");
        Assert.True(!Directory.Exists(ingest) || Directory.GetFiles(ingest).Length == 0);
        if (keepLocal)
            Assert.True(store.Layout.Exists(pushed.Digest));
        else
            Assert.True(!Directory.Exists(blobs) || Directory.GetFiles(blobs).Length == 0);
    }

    private sealed class Methods : DelegatingHandler
    {
        public List<string> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Seen)
                Seen.Add(request.Method.Method);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class Quiet : IPackObserver
    {
        public void Warn(string message) { }
        public void Info(string message) { }
        public IProgress<long>? LayerStarted(string description, long totalBytes) => null;
        public void LayerSaved(string description, Descriptor layer) { }
    }
}
