using System.Text;
using Kit.Core.Client;
using Kit.Core.Format;
using Kit.Core.Packing;
using Kit.Core.Unpacking;
using Kit.Oci;

namespace Kit.Core.Tests.Packing;

/// <summary><c>--layer-format raw</c>: each entry's one file verbatim, its metadata in annotations, unpacked to its path.</summary>
public sealed class RawLayerTests : IDisposable
{
    private readonly TempTree _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private const string Kitfile = "manifestVersion: 1.0.0\nmodel:\n  path: ./models/model.gguf\ncode:\n  - path: run.py\n";

    private void Project()
    {
        _tmp.File("ctx/models/model.gguf", "weights", mode: 0x180 /* 0600 */).File("ctx/run.py", "print(1)", mode: 0x1ED /* 0755 */);
        File.SetLastWriteTimeUtc(_tmp.PathOf("ctx/models/model.gguf"), new DateTime(2026, 11, 7, 11, 11, 12, DateTimeKind.Utc).AddTicks(1_234_567));
    }

    private Task<(Manifest Manifest, Kit.Core.Kitfiles.Kitfile Config, Kit.Core.Store.LocalModelStore Store)> PackAsync(
        LayerCompression compression = LayerCompression.None, string kitfile = Kitfile) =>
        TestPack.PackAsync(_tmp.PathOf("ctx"), _tmp.PathOf("store"), kitfile, "raw:1", compression: compression, format: LayerFormat.Raw);

    [Fact]
    public async Task Each_entry_is_its_file_verbatim_with_the_path_and_file_metadata_annotations()
    {
        Project();
        var (manifest, config, _) = await PackAsync();

        var (model, code) = (manifest.Layers[0], manifest.Layers[1]);
        Assert.Equal(["application/vnd.kitops.modelkit.model.v1.raw", "application/vnd.kitops.modelkit.code.v1.raw"], manifest.Layers.Select(l => l.MediaType));
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes("weights")), model.Digest);
        Assert.Equal(7, model.Size);
        var mtime = RawFileMetadata.GoTime(1_794_049_872_123_456_700, TimeZoneInfo.Local);
        Assert.Equal(new Dictionary<string, string>
        {
            ["org.cncf.model.file.metadata+json"] = $"{{\"name\":\"model.gguf\",\"mode\":384,\"uid\":0,\"gid\":0,\"size\":7,\"mtime\":\"{mtime}\",\"typeflag\":0}}",
            ["org.cncf.model.filepath"] = "models/model.gguf",
        }, model.Annotations);
        Assert.StartsWith("{\"name\":\"run.py\",\"mode\":493,", code.Annotations![RawFileMetadata.Annotation], StringComparison.Ordinal);
        Assert.Equal((model.Digest, model.Digest), (config.Model!.Digest!.Value, config.Model.DiffId!.Value));
    }

    [Theory]
    [InlineData(LayerCompression.Gzip, "+gzip")]
    [InlineData(LayerCompression.Zstd, "+zstd")]
    public async Task A_compressed_raw_layer_has_the_file_digest_as_diff_id(LayerCompression compression, string suffix)
    {
        Project();
        var (manifest, config, _) = await PackAsync(compression);
        Assert.Equal("application/vnd.kitops.modelkit.model.v1.raw" + suffix, manifest.Layers[0].MediaType);
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes("weights")), config.Model!.DiffId);
        Assert.NotEqual(config.Model.DiffId, config.Model.Digest);
    }

    [Fact]
    public async Task Files_given_away_are_moved_into_the_store_not_copied_unless_another_name_links_to_them()
    {
        Project();
        var model = _tmp.PathOf("ctx/models/model.gguf");
        var code = _tmp.PathOf("ctx/run.py");
        Assert.True(FileStatus.TryRead(model, out var before));
        // run.py has a second name: moving it would let that name change a stored blob, so it is copied.
        Assert.Equal(0, Link(code, _tmp.PathOf("hardlink")));

        var (manifest, _, store) = await TestPack.PackAsync(_tmp.PathOf("ctx"), _tmp.PathOf("store"), Kitfile, "raw:1",
            format: LayerFormat.Raw, giveAwayFiles: true);

        Assert.False(File.Exists(model));
        var blob = store.Layout.GetBlobPath(manifest.Layers[0].Digest);
        Assert.True(FileStatus.TryRead(blob, out var stored));
        Assert.Equal((before.Device, before.Inode), (stored.Device, stored.Inode));
        Assert.Equal("weights", File.ReadAllText(blob));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(blob));
        Assert.True(File.Exists(code));
        Assert.Equal("print(1)", File.ReadAllText(store.Layout.GetBlobPath(manifest.Layers[1].Digest)));
        // Without giving them away, nothing is moved.
        Project();
        await TestPack.PackAsync(_tmp.PathOf("ctx"), _tmp.PathOf("store2"), Kitfile, "raw:1", format: LayerFormat.Raw);
        Assert.True(File.Exists(model));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
#pragma warning disable CA5392, CA2101, SYSLIB1054
    private static extern int Link(string existing, string created);
#pragma warning restore CA5392, CA2101, SYSLIB1054

    [Fact]
    public async Task A_directory_cannot_be_packed_raw()
    {
        Project();
        var e = await Assert.ThrowsAsync<PackingException>(() => PackAsync(kitfile: "manifestVersion: 1.0.0\nmodel:\n  path: models/\n"));
        Assert.Equal("error processing model layer models/: file models is not a regular file", e.Message);
    }

    [Fact]
    public async Task Manifest_descriptor_bytes_are_kitops_raw_form()
    {
        Project();
        var (manifest, _, store) = await PackAsync();
        var descriptor = (await store.ResolveAsync("localhost/raw", "1"))!;
        var json = Encoding.UTF8.GetString(await store.Layout.ReadAllBytesVerifiedAsync(descriptor.Digest));
        var m = manifest.Layers[0];
        var metadata = m.Annotations![RawFileMetadata.Annotation].Replace("\"", "\\\"", StringComparison.Ordinal);
        Assert.Contains($"{{\"mediaType\":\"application/vnd.kitops.modelkit.model.v1.raw\",\"digest\":\"{m.Digest}\",\"size\":7,\"annotations\":{{"
            + $"\"org.cncf.model.file.metadata+json\":\"{metadata}\",\"org.cncf.model.filepath\":\"models/model.gguf\"}}}}", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, "UTC", "1970-01-01T00:00:00Z")]
    [InlineData(1_794_049_872_500_000_000L, "Europe/Berlin", "2026-11-07T12:11:12.5+01:00")]
    [InlineData(1_794_049_872_123_456_789L, "America/New_York", "2026-11-07T06:11:12.123456789-05:00")]
    [InlineData(1_794_049_872_000_000_100L, "Asia/Kolkata", "2026-11-07T16:41:12.0000001+05:30")]
    public void Mtime_is_go_time_json_in_the_packing_machines_zone(long unixNs, string zone, string expected) =>
        Assert.Equal(expected, RawFileMetadata.GoTime(unixNs, TimeZoneInfo.FindSystemTimeZoneById(zone)));

    [Fact]
    public async Task Unpack_writes_each_file_at_its_annotated_path_with_its_mode()
    {
        Project();
        using var client = new KitClient(new KitClientOptions { Home = _tmp.PathOf("home"), Environment = _ => null });
        _tmp.File("ctx/Kitfile", Kitfile);
        await client.PackAsync(_tmp.PathOf("ctx"), new PackOptions { Tag = "raw:1", LayerFormat = LayerFormat.Raw, Compression = LayerCompression.Zstd });

        await client.UnpackAsync("raw:1", _tmp.PathOf("out"));
        Assert.Equal("weights", File.ReadAllText(_tmp.PathOf("out/models/model.gguf")));
        Assert.Equal("print(1)", File.ReadAllText(_tmp.PathOf("out/run.py")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal((UnixFileMode)0x180, File.GetUnixFileMode(_tmp.PathOf("out/models/model.gguf")));
            Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(_tmp.PathOf("out/run.py")));
        }

        var e = await Assert.ThrowsAsync<TarExtractionException>(() => client.UnpackAsync("raw:1", _tmp.PathOf("out"), new UnpackOptions { Filters = ["code"] }));
        Assert.Equal(TarExtractionError.PathExists, e.Error);
        await client.UnpackAsync("raw:1", _tmp.PathOf("out"), new UnpackOptions { Filters = ["code"], IgnoreExisting = true });
        File.WriteAllText(_tmp.PathOf("out/run.py"), "changed");
        await client.UnpackAsync("raw:1", _tmp.PathOf("out"), new UnpackOptions { Filters = ["code"], Overwrite = true });
        Assert.Equal("print(1)", File.ReadAllText(_tmp.PathOf("out/run.py")));
    }

    private static Descriptor Raw(byte[] content, Dictionary<string, string>? annotations) =>
        new("application/vnd.kitops.modelkit.model.v1.raw", Digest.Compute(content), content.Length) { Annotations = annotations };

    [Fact]
    public async Task A_raw_layer_is_verified_while_written_and_its_size_checked_against_the_metadata()
    {
        var content = Encoding.UTF8.GetBytes("weights");
        var options = new TarExtractionOptions { ExpectedDigest = Digest.Compute(content) };

        var good = Raw(content, new() { [ModelKitAnnotations.FilePath] = "m/w.bin" });
        Assert.Equal(_tmp.PathOf("a/m/w.bin"), await RawLayerExtractor.ExtractAsync(new MemoryStream(content), good, _tmp.PathOf("a"), options));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead : File.GetUnixFileMode(_tmp.PathOf("a/m/w.bin")));

        var damaged = Encoding.UTF8.GetBytes("weightz");
        var mismatch = await Assert.ThrowsAsync<TarExtractionException>(() => RawLayerExtractor.ExtractAsync(new MemoryStream(damaged), good, _tmp.PathOf("b"), options));
        Assert.Equal(TarExtractionError.DigestMismatch, mismatch.Error);
        Assert.False(File.Exists(_tmp.PathOf("b/m/w.bin")));
        Assert.Empty(Directory.GetFiles(_tmp.PathOf("b/m")));

        var wrongSize = Raw(content, new() { [ModelKitAnnotations.FilePath] = "w.bin", [RawFileMetadata.Annotation] = "{\"name\":\"w.bin\",\"mode\":420,\"size\":8}" });
        var size = await Assert.ThrowsAsync<TarExtractionException>(() => RawLayerExtractor.ExtractAsync(new MemoryStream(content), wrongSize, _tmp.PathOf("c"), options));
        Assert.Equal("unpacked size of file w.bin does not match metadata annotation", size.Message);

        var none = await Assert.ThrowsAsync<TarExtractionException>(() => RawLayerExtractor.ExtractAsync(new MemoryStream(content), Raw(content, null), _tmp.PathOf("d"), options));
        Assert.Equal("failed to unpack raw layer: no org.cncf.model.filepath annotation", none.Message);

        var outside = Raw(content, new() { [ModelKitAnnotations.FilePath] = "../escape.bin" });
        var illegal = await Assert.ThrowsAsync<TarExtractionException>(() => RawLayerExtractor.ExtractAsync(new MemoryStream(content), outside, _tmp.PathOf("e"), options));
        Assert.Equal(TarExtractionError.IllegalPath, illegal.Error);
        Assert.False(File.Exists(_tmp.PathOf("escape.bin")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stored_uncompressed_raw_layer_is_copied_from_its_blob_and_verified(bool kernelCopy)
    {
        var content = new byte[3 << 20];
        new Random(7).NextBytes(content);
        var blob = _tmp.PathOf($"blob-{kernelCopy}");
        File.WriteAllBytes(blob, content);
        var layer = Raw(content, new() { [ModelKitAnnotations.FilePath] = "m/w.bin", [RawFileMetadata.Annotation] = "{\"name\":\"w.bin\",\"mode\":384,\"size\":3145728}" });
        var options = new TarExtractionOptions { ExpectedDigest = layer.Digest };
        FileCopy.UseKernel = kernelCopy;
        try
        {
            await using (var source = File.OpenRead(blob))
                Assert.Equal(_tmp.PathOf($"ok-{kernelCopy}/m/w.bin"), await RawLayerExtractor.ExtractAsync(source, layer, _tmp.PathOf($"ok-{kernelCopy}"), options, blob));
            Assert.Equal(content, File.ReadAllBytes(_tmp.PathOf($"ok-{kernelCopy}/m/w.bin")));
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_tmp.PathOf($"ok-{kernelCopy}/m/w.bin")));

            // A stored blob whose bytes are not its digest's: refused, and nothing is left at the path.
            content[12345] ^= 1;
            File.WriteAllBytes(blob, content);
            await using (var source = File.OpenRead(blob))
            {
                var e = await Assert.ThrowsAsync<TarExtractionException>(() => RawLayerExtractor.ExtractAsync(source, layer, _tmp.PathOf($"bad-{kernelCopy}"), options, blob));
                Assert.Equal(TarExtractionError.DigestMismatch, e.Error);
            }
            Assert.Empty(Directory.GetFiles(_tmp.PathOf($"bad-{kernelCopy}/m")));
        }
        finally
        {
            FileCopy.UseKernel = true;
        }
    }
}
