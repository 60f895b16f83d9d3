using System.Security.Cryptography;
using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

/// <summary><c>kit storage info</c> and <c>kit storage verify</c>.</summary>
public sealed class StorageCommandTests : KitTestBase
{
    private string Context(string name, string content)
    {
        Work.WriteFile($"{name}/Kitfile", $"manifestVersion: 1.0.0\npackage:\n  name: {name}\nmodel:\n  path: m\n");
        Work.WriteFile($"{name}/m/w.bin", content);
        return Work.Combine(name);
    }

    private JsonElement Json(params string[] args)
    {
        var result = Kit.Run(args);
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.Clone();
    }

    private static void MakeWritable(string path) => File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

    [Fact]
    public void Info_counts_what_the_store_holds_and_what_sharing_saves()
    {
        Pack(Context("a", "weights-a"), "-t", "a:1");
        var one = Json("storage", "info", "--format", "json");
        Assert.Equal(1, one.GetProperty("modelKits").GetInt32());
        Assert.Equal(BlobCount(), one.GetProperty("blobs").GetInt32());
        Assert.Equal(BlobBytesOnDisk(), one.GetProperty("bytesOnDisk").GetInt64());
        Assert.Equal(BlobBytesOnDisk(), one.GetProperty("bytesWithoutSharing").GetInt64());
        Assert.Equal(0, one.GetProperty("bytesSaved").GetInt64());

        // The same kit in a second repository: KitOps's first layout kept a copy per repository, we keep one.
        Kit.Run("tag", "a:1", "b:1").ShouldSucceed();
        Kit.Run("tag", "a:1", "b:2").ShouldSucceed();
        var orphan = "left by an interrupted pull"u8.ToArray();
        File.WriteAllBytes(Path.Combine(BlobsDir, Convert.ToHexStringLower(SHA256.HashData(orphan))), orphan);
        var two = Json("storage", "info", "--format", "json");

        Assert.Equal(2, two.GetProperty("modelKits").GetInt32());
        Assert.Equal(3, two.GetProperty("tags").GetInt32());
        Assert.Equal(2, two.GetProperty("repositories").GetInt32());
        Assert.Equal(BlobBytesOnDisk(), two.GetProperty("bytesOnDisk").GetInt64());
        var kitBytes = BlobBytesOnDisk() - orphan.Length;
        Assert.Equal(2 * kitBytes, two.GetProperty("bytesWithoutSharing").GetInt64());
        Assert.Equal(kitBytes, two.GetProperty("bytesSaved").GetInt64());
        Assert.Equal(1, two.GetProperty("unnamedBlobs").GetInt32());
        Assert.Equal(orphan.Length, two.GetProperty("unnamedBytes").GetInt64());

        var table = Kit.Run("storage", "info").ShouldSucceed().Stdout;
        Assert.Contains("ModelKits:", table, StringComparison.Ordinal);
        Assert.Contains("2 in 2 repository(ies), 3 tag(s)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_passes_on_a_sound_store_and_names_each_problem_with_its_repair()
    {
        Pack(Context("a", "weights-a"), "-t", "a:1");
        var b = Pack(Context("b", "weights-b"), "-t", "b:1");
        var sound = Kit.Run("storage", "verify").ShouldSucceed();
        Assert.Contains("no problems", sound.Stdout, StringComparison.Ordinal);

        // A layer of a:1 corrupted on disk, the config of b:1 gone.
        var inspectA = Json("inspect", "a:1");
        var layer = inspectA.GetProperty("manifest").GetProperty("layers")[0].GetProperty("digest").GetString()![7..];
        var layerPath = Path.Combine(BlobsDir, layer);
        MakeWritable(layerPath);
        File.WriteAllText(layerPath, "bit rot");
        var config = Json("inspect", "b:1").GetProperty("manifest").GetProperty("config").GetProperty("digest").GetString()![7..];
        File.Delete(Path.Combine(BlobsDir, config));

        var broken = Kit.Run("storage", "verify").ShouldFail();
        var lines = broken.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith(layerPath + ": content does not match its name", StringComparison.Ordinal) && l.Contains("delete the file", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(Path.Combine(BlobsDir, config) + ": blob of b:1 is missing", StringComparison.Ordinal)
            && l.Contains("kit remove b:1", StringComparison.Ordinal));
        Assert.Contains("2 problem(s)", lines[^1], StringComparison.Ordinal);

        var json = Kit.Run("storage", "verify", "--format", "json").ShouldFail();
        using var doc = JsonDocument.Parse(json.Stdout);
        var problems = doc.RootElement.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.False(string.IsNullOrEmpty(p.GetProperty("repair").GetString())));
        Assert.NotEqual(b, layer);
    }

    [Fact]
    public void Unknown_format_is_one_error_line()
    {
        var line = Kit.Run("storage", "info", "--format", "yaml").ShouldFail().SingleErrorLine();
        Assert.Contains("invalid --format 'yaml'", line, StringComparison.Ordinal);
    }
}
