using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>kit push / pull / unpack and skopeo, the reference client, read each other's work byte for byte.</summary>
[UsesKitBinary]
public sealed class KitSkopeoInteropTests : TransferTestBase
{
    [RegistryTheory(Skopeo = true)]
    [InlineData(RegistryMode.PlainHttp)]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Skopeo_reads_what_kit_pushed(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        var host = registry.HostPort;
        var digest = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", $"{host}/org/model:v1");
        LogIn(Kit, registry);
        Assert.Equal(digest, Pushed(KitNet(registry, "push", $"{host}/org/model:v1").ShouldSucceed()));

        var manifest = Tools.Run("skopeo", ["inspect", "--raw", .. SkopeoFlags(registry), $"docker://{host}/org/model:v1"]);
        Assert.Equal(digest, Sha256(manifest));
        Assert.Equal(File.ReadAllBytes(BlobPath(Kit, digest)), manifest);
        var blobs = Blobs(Kit, digest);
        var config = Tools.Run("skopeo", ["inspect", "--config", "--raw", .. SkopeoFlags(registry), $"docker://{host}/org/model:v1"]);
        Assert.Equal(blobs[0].Digest, Sha256(config));

        // skopeo copies it into an OCI layout unchanged: same manifest digest, same blobs.
        var layout = Work.Combine("skopeo-layout");
        Tools.Run("skopeo", ["copy", "-q", .. SkopeoFlags(registry, "src-"), $"docker://{host}/org/model:v1", $"oci:{layout}:copied"]);
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(layout, "index.json")));
        var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(digest, entry.GetProperty("digest").GetString());
        var copied = Directory.GetFiles(Path.Combine(layout, "blobs", "sha256")).Select(f => "sha256:" + Path.GetFileName(f)).Order(StringComparer.Ordinal);
        Assert.Equal(StoreBlobDigests(Kit), copied);
        foreach (var blob in copied)
            Assert.Equal(blob, Sha256(File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", blob["sha256:".Length..]))));
    }

    [RegistryTheory(Skopeo = true)]
    [InlineData(RegistryMode.PlainHttp)]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Kit_pulls_and_unpacks_what_skopeo_pushed(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        var host = registry.HostPort;
        var digest = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "local/sentiment:1");
        var expected = Work.Combine("expected");
        Kit.Run("unpack", "local/sentiment:1", "-d", expected).ShouldSucceed();

        // skopeo reads kit's store as an OCI layout and pushes it to a repository kit has never heard of.
        Tools.Run("skopeo", ["copy", "-q", .. SkopeoFlags(registry, "dest-"), $"oci:{Kit.Storage}:localhost/local/sentiment:1", $"docker://{host}/skopeo/kit:s1"]);

        var puller = FreshHome("puller");
        LogIn(puller, registry);
        Assert.Equal(digest, Pulled(Net(puller, registry, "pull", $"{host}/skopeo/kit:s1").ShouldSucceed()));
        Assert.Equal([($"{host}/skopeo/kit", "s1", digest)], Rows(puller));
        Assert.Equal(StoreBlobDigests(Kit), StoreBlobDigests(puller));
        AssertIntact(puller);
        var pulled = Work.Combine("pulled");
        puller.Run("unpack", $"{host}/skopeo/kit:s1", "-d", pulled).ShouldSucceed();
        AssertSameTree(expected, pulled);

        var unpacker = FreshHome("unpacker");
        LogIn(unpacker, registry);
        var remote = Work.Combine("remote");
        Net(unpacker, registry, "unpack", $"{host}/skopeo/kit@{digest}", "-d", remote).ShouldSucceed();
        AssertSameTree(expected, remote);
        Assert.Empty(Rows(unpacker));
    }
}
