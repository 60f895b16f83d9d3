using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary><c>kit pack --push</c> against the real registry: the same kit as pack then push, and nothing stored locally.</summary>
public sealed class PackPushTests : TransferTestBase
{
    // 1 MiB chunks, so the 3.5 MiB model goes up as several PATCHes and a partial last one.
    private static readonly Dictionary<string, string?> SmallChunks = new() { ["KIT_UPLOAD_CHUNK_MIB"] = "1" };

    private static KitResult PackPush(KitRunner kit, RegistryFixture registry, string context, string reference, params string[] extra) =>
        kit.RunWithEnvironment(SmallChunks, ["pack", context, "-t", reference, "--push", .. extra, .. NetworkFlags(registry)]);

    [RegistryTheory]
    [InlineData(RegistryMode.PlainHttp)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Pack_push_gives_the_kit_pack_then_push_gives_and_stores_nothing_locally(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        var host = registry.HostPort;
        var context = RandomKitContext("streamed", 3 * (1 << 20) + 12345, seed: 7);

        var pusher = FreshHome("pusher");
        LogIn(pusher, registry);
        var streamed = PackPush(pusher, registry, context, $"{host}/org/streamed:v1").ShouldSucceed();
        var digest = Pushed(streamed);
        Assert.Contains("Pushed model layer: sha256:", streamed.Stderr, StringComparison.Ordinal);
        Assert.Empty(StoreBlobDigests(pusher));
        Assert.Empty(Rows(pusher));
        var ingest = Path.Combine(pusher.Storage, "ingest");
        Assert.True(!Directory.Exists(ingest) || Directory.GetFiles(ingest).Length == 0);

        // The same files packed and pushed the usual way give the same manifest.
        LogIn(Kit, registry);
        Assert.Equal(Pack(context, "-t", $"{host}/org/classic:v1"), digest);
        Assert.Equal(digest, Pushed(KitNet(registry, "push", $"{host}/org/classic:v1").ShouldSucceed()));

        // Pulled into a fresh home: the same digest, every blob intact, the same files.
        var puller = FreshHome("puller");
        LogIn(puller, registry);
        Assert.Equal(digest, Pulled(Net(puller, registry, "pull", $"{host}/org/streamed:v1").ShouldSucceed()));
        AssertIntact(puller);
        Assert.Equal(StoreBlobDigests(Kit), StoreBlobDigests(puller));

        // Again, into a registry that has every blob already: the closing PUTs just succeed.
        Assert.Equal(digest, Pushed(PackPush(pusher, registry, context, $"{host}/org/streamed:v2").ShouldSucceed()));
        Assert.Empty(StoreBlobDigests(pusher));
    }

    [RegistryFact]
    public async Task Keep_local_stores_and_lists_the_kit_in_the_same_pass()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var host = registry.HostPort;
        var context = RandomKitContext("kept", 2 * (1 << 20) + 3, seed: 8);

        var digest = Pushed(PackPush(Kit, registry, context, $"{host}/org/kept:v1,latest", "--keep-local").ShouldSucceed());

        Assert.Equal([($"{host}/org/kept", "latest", digest), ($"{host}/org/kept", "v1", digest)], Rows(Kit));
        AssertIntact(Kit);
        Assert.Equal(Blobs(Kit, digest).Select(b => b.Digest).Append(digest).Order(StringComparer.Ordinal), StoreBlobDigests(Kit));
        var puller = FreshHome("puller");
        Assert.Equal(digest, Pulled(Net(puller, registry, "pull", $"{host}/org/kept:latest").ShouldSucceed()));
        Assert.Equal(StoreBlobDigests(Kit), StoreBlobDigests(puller));

        // Unchanged files: the stored layers are reused unread and pushed from the store to a new repository.
        var again = PackPush(Kit, registry, context, $"{host}/org/again:v1", "--keep-local").ShouldSucceed();
        Assert.Equal(digest, Pushed(again));
        Assert.Contains("Already saved model layer", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(digest, Pulled(Net(FreshHome("second"), registry, "pull", $"{host}/org/again:v1").ShouldSucceed()));
    }

    [Fact]
    public void A_tag_without_a_registry_is_refused_before_anything_is_read()
    {
        // The context does not exist: had it been read, the error would say so.
        var missing = Work.Combine("no-such-dir");
        var local = Kit.Run("pack", missing, "-t", "org/model:v1", "--push").ShouldFail();
        Assert.EndsWith("registry is required when pushing: name the modelkit like registry.example.com/org/model:v1", local.SingleErrorLine(), StringComparison.Ordinal);
        var untagged = Kit.Run("pack", missing, "--push").ShouldFail();
        Assert.Contains("registry is required when pushing", untagged.SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("--keep-local only applies with --push", Kit.Run("pack", missing, "--keep-local").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Empty(StoreBlobDigests(Kit));
    }
}
