using System.Text;
using Kit.Core.Packing;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

/// <summary>The manifest bytes a pack writes, as KitOps 1.17 writes them.</summary>
public sealed class ManifestFormatTests : IDisposable
{
    private readonly TempTree _context = new();
    private readonly TempTree _storage = new();

    public void Dispose()
    {
        _context.Dispose();
        _storage.Dispose();
    }

    [Fact]
    public async Task Manifest_has_v1_17_keys_in_go_order_a_filepath_per_layer_and_the_creation_time()
    {
        _context.File("models/model.gguf", "weights").File("src/a.py", "print(1)");
        var (manifest, bytes) = await PackAsync("manifestVersion: 1.0.0\nmodel:\n  path: ./models/\ncode:\n  - path: src\n",
            DateTimeOffset.FromUnixTimeSeconds(1_794_060_202));

        var (m, c) = (manifest.Layers[0], manifest.Layers[1]);
        Assert.Equal(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"artifactType\":\"application/vnd.kitops.modelkit.manifest.v1+json\","
            + $"\"config\":{{\"mediaType\":\"application/vnd.kitops.modelkit.config.v1+json\",\"digest\":\"{manifest.Config.Digest}\",\"size\":{manifest.Config.Size}}},"
            + $"\"layers\":[{{\"mediaType\":\"application/vnd.kitops.modelkit.model.v1.tar\",\"digest\":\"{m.Digest}\",\"size\":{m.Size},\"annotations\":{{\"org.cncf.model.filepath\":\"models\"}}}},"
            + $"{{\"mediaType\":\"application/vnd.kitops.modelkit.code.v1.tar\",\"digest\":\"{c.Digest}\",\"size\":{c.Size},\"annotations\":{{\"org.cncf.model.filepath\":\"src\"}}}}],"
            + "\"annotations\":{\"ml.kitops.modelkit.cli-version\":\"kit-dotnet/test\",\"org.opencontainers.image.created\":\"2026-11-07T14:03:22Z\"}}",
            bytes);
    }

    [Fact]
    public async Task The_same_files_and_source_date_epoch_give_the_same_manifest_digest()
    {
        _context.File("models/model.gguf", "weights");
        const string kitfile = "manifestVersion: 1.0.0\nmodel:\n  path: models\n";
        var created = SourceDateEpoch.CreationTime("1700000000", DateTimeOffset.UtcNow);
        var (_, first) = await PackAsync(kitfile, created);
        var (_, second) = await PackAsync(kitfile, created);
        Assert.Equal(first, second);
        Assert.Contains("\"org.opencontainers.image.created\":\"2023-11-14T22:13:20Z\"", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("-1")]
    public void A_source_date_epoch_that_is_not_whole_seconds_is_refused(string value)
    {
        var e = Assert.Throws<KitException>(() => SourceDateEpoch.CreationTime(value, DateTimeOffset.UtcNow));
        Assert.StartsWith($"invalid SOURCE_DATE_EPOCH \"{value}\": ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_source_date_epoch_the_creation_time_is_now_in_whole_seconds()
    {
        var now = new DateTimeOffset(2026, 12, 2, 13, 30, 15, 987, TimeSpan.FromHours(1));
        Assert.Equal("2026-12-02T12:30:15Z", SourceDateEpoch.Format(SourceDateEpoch.CreationTime(null, now)));
    }

    private async Task<(Manifest Manifest, string Bytes)> PackAsync(string kitfile, DateTimeOffset created)
    {
        var (manifest, _, store) = await TestPack.PackAsync(_context.Root, _storage.Root, kitfile, "format/kit:1", created: created);
        var descriptor = (await store.ResolveAsync("localhost/format/kit", "1"))!;
        return (manifest, Encoding.UTF8.GetString(await store.Layout.ReadAllBytesVerifiedAsync(descriptor.Digest)));
    }
}
