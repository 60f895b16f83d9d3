using Kit.Core.Packing;
using System.Formats.Tar;
using System.Text;
using Kit.Cli.Tests.Infrastructure;
using Kit.Core.Format;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>ModelKits crafted with hostile layers (as another tool or registry could deliver them) are refused by unpack.</summary>
public sealed class UnsafeArchiveTests : KitTestBase
{
    private async Task StoreKitAsync(string tag, Action<TarWriter> layer)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true)) layer(writer);
        var store = LocalModelStore.Open(Kit.Storage);
        var layerDescriptor = await store.Layout.PutBytesAsync(ModelKitMediaTypes.Layer(LayerKind.Model, LayerCompression.None), tar.ToArray());
        var digest = layerDescriptor.Digest.ToString();
        var config = Encoding.UTF8.GetBytes("{\"manifestVersion\":\"1.0.0\",\"package\":{},\"model\":{\"path\":\"m\",\"digest\":\"" + digest + "\",\"diffId\":\"" + digest + "\"}}");
        var configDescriptor = await store.Layout.PutBytesAsync(ModelKitMediaTypes.Config, config);
        var manifest = await store.Layout.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(configDescriptor, [layerDescriptor]).ToJsonBytes());
        await store.AddManifestAsync("localhost/hostile", manifest, [tag]);
    }

    private static void File(TarWriter w, string name, TarEntryType type = TarEntryType.RegularFile, string? link = null)
    {
        var entry = new PaxTarEntry(type, name);
        if (type == TarEntryType.RegularFile) entry.DataStream = new MemoryStream("x"u8.ToArray());
        if (link is not null) entry.LinkName = link;
        w.WriteEntry(entry);
    }

    [Theory]
    [InlineData("../escape.txt", "illegal file path")]
    [InlineData("m/../../escape.txt", "illegal file path")]
    [InlineData("/tmp/kit-absolute-escape.txt", "illegal file path")]
    public async Task Entries_outside_the_target_are_refused(string name, string expected)
    {
        await StoreKitAsync("1", w => File(w, name));
        var target = Work.Combine("out", "inner");
        var line = Kit.Run("unpack", "hostile:1", "-d", target, "--filter", "model").ShouldFail().SingleErrorLine();
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Work.Combine("out", "escape.txt")));
        Assert.False(System.IO.File.Exists("/tmp/kit-absolute-escape.txt"));
    }

    [Fact]
    public async Task Symlink_entries_and_writes_through_them_are_refused()
    {
        await StoreKitAsync("1", w => File(w, "m/link", TarEntryType.SymbolicLink, "/etc"));
        Assert.Contains("unrecognized type", Kit.Run("unpack", "hostile:1", "-d", Work.Combine("a"), "--filter", "model").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);

        await StoreKitAsync("2", w => File(w, "m/dir/passwd"));
        Directory.CreateDirectory(Work.Combine("b", "m"));
        Directory.CreateDirectory(Work.Combine("elsewhere"));
        System.IO.File.CreateSymbolicLink(Work.Combine("b", "m", "dir"), Work.Combine("elsewhere"));
        Assert.Contains("illegal file path", Kit.Run("unpack", "hostile:2", "-d", Work.Combine("b"), "--filter", "model").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(Work.Combine("elsewhere")));
    }
}
