using System.Text;
using Kit.Core.Client;
using Kit.Core.Tests.Packing;

namespace Kit.Core.Tests.Unpacking;

/// <summary>Unpack with overwrite over a user's files, from a store whose layer blob was damaged after packing.</summary>
public sealed class UnpackOverwriteTests : IDisposable
{
    private const string Weights = "weights written by pack";
    private readonly TempTree _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public async Task Overwrite_from_a_corrupt_layer_leaves_the_users_file_as_it_was()
    {
        var home = _tmp.PathOf("home");
        using var client = new KitClient(new KitClientOptions { Home = home, Environment = _ => null });
        _tmp.File("project/Kitfile", "manifestVersion: 1.0.0\npackage:\n  name: overwrite\nmodel:\n  name: m\n  path: model\n")
            .File("project/model/weights.bin", Weights)
            .File("out/model/weights.bin", "the user's own weights");
        var packed = await client.PackAsync(_tmp.PathOf("project"), new PackOptions { Tag = "overwrite:v1" });
        var layer = Assert.Single((await client.InspectAsync(packed.Reference)).Manifest.Layers);
        Damage(Path.Combine(home, "storage", "blobs", "sha256", layer.Digest.Hex), Weights);

        var e = await Assert.ThrowsAsync<KitException>(() => client.UnpackAsync(packed.Reference, _tmp.PathOf("out"), new UnpackOptions { Overwrite = true }));

        Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
        Assert.Equal("the user's own weights", File.ReadAllText(_tmp.PathOf("out/model/weights.bin")));
        Assert.Equal(["weights.bin"], Directory.EnumerateFileSystemEntries(_tmp.PathOf("out/model")).Select(Path.GetFileName));
    }

    /// <summary>Flips one byte inside a file's data in an uncompressed layer: the tar stays readable, the digest no longer matches.</summary>
    private static void Damage(string blob, string content)
    {
        File.SetAttributes(blob, FileAttributes.Normal);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(blob, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bytes = File.ReadAllBytes(blob);
        var at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(content));
        Assert.True(at >= 0);
        bytes[at] ^= 0x20;
        File.WriteAllBytes(blob, bytes);
    }
}
