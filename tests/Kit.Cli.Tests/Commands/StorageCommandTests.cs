using System.Security.Cryptography;
using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

/// <summary><c>kit storage info|verify|repair|prune</c>.</summary>
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
        Assert.Contains(lines, l => l.StartsWith(layerPath + ": content does not match its name", StringComparison.Ordinal) && l.Contains("kit storage repair", StringComparison.Ordinal));
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
    public async Task Verify_shows_a_progress_bar_on_a_terminal()
    {
        Pack(Context("a", "weights-a"), "-t", "a:1");
        var err = new StringWriter();
        var host = new global::Kit.Cli.Hosting.CliHost
        {
            Environment = Kit.Environment(new Dictionary<string, string?> { ["COLUMNS"] = "80" }),
            WorkingDirectory = Work.Path,
            In = TextReader.Null,
            Out = new StringWriter(),
            Err = err,
            StderrIsTerminal = true,
        };

        var exit = await global::Kit.Cli.Hosting.KitCommandLine.RunAsync(["storage", "verify"], host, CancellationToken.None);

        Assert.Equal(0, exit);
        Assert.Contains("Verifying blobs", err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Repair_drops_entries_without_manifest_deletes_corrupt_blobs_rewrites_kitops_files_and_says_so()
    {
        Pack(Context("a", "weights-a"), "-t", "a:1");
        Pack(Context("b", "weights-b"), "-t", "b:1");
        Pack(Context("c", "weights-c"), "-t", "c:1");
        var layer = Json("inspect", "a:1").GetProperty("manifest").GetProperty("layers")[0].GetProperty("digest").GetString()![7..];
        var layerPath = Path.Combine(BlobsDir, layer);
        MakeWritable(layerPath);
        File.WriteAllText(layerPath, "bit rot");
        var manifestB = ListRows().Single(r => r.Repo == "b").Digest[7..];
        File.Delete(Path.Combine(BlobsDir, manifestB));
        var manifestC = ListRows().Single(r => r.Repo == "c").Digest;
        var tagsC = Directory.GetFiles(Kit.Storage, "*-tags.json").Single(f => File.ReadAllText(f).Contains(manifestC, StringComparison.Ordinal));
        // Damaged without a trace in its size or time (so not taken for a change KitOps made): one digest character differs.
        var stamp = File.GetLastWriteTimeUtc(tagsC);
        var hex = manifestC[7..];
        File.WriteAllText(tagsC, File.ReadAllText(tagsC).Replace(hex, (hex[0] == 'a' ? 'b' : 'a') + hex[1..], StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(tagsC, stamp);

        var dry = Kit.Run("storage", "repair", "--dry-run").ShouldFail();
        Assert.Contains(layerPath + ": content does not match its name", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("b:1: would be dropped from index.json", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains(tagsC + ": disagrees with index.json; would be rewritten", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("Would repair", dry.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(layerPath));

        var json = Kit.Run("storage", "repair", "--format", "json").ShouldFail();
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            var actions = doc.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("file").GetString() + ": " + a.GetProperty("action").GetString()).ToList();
            Assert.Contains(actions, a => a.StartsWith(layerPath + ": deleted", StringComparison.Ordinal));
            Assert.Contains(actions, a => a.StartsWith("b:1: dropped from index.json", StringComparison.Ordinal));
            Assert.False(doc.RootElement.GetProperty("dryRun").GetBoolean());
            var left = Assert.Single(doc.RootElement.GetProperty("unrepaired").EnumerateArray());
            Assert.Equal(layerPath, left.GetProperty("file").GetString());
        }
        Assert.False(File.Exists(layerPath));
        Assert.DoesNotContain(ListRows(), r => r.Repo == "b");
        Assert.Contains(manifestC, File.ReadAllText(tagsC), StringComparison.Ordinal);
        Assert.DoesNotContain("KitOps's file", Kit.Run("storage", "verify").Stdout, StringComparison.Ordinal);
        var again = Kit.Run("storage", "repair").ShouldFail();
        Assert.Contains("Nothing to repair", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("Cannot repair " + layerPath, again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_index_json_names_the_repair_which_rebuilds_it()
    {
        Pack(Context("a", "weights-a"), "-t", "a:1");
        var index = Path.Combine(Kit.Storage, "index.json");
        File.WriteAllText(index, "{\"schemaVersion\":2,\"manif");

        var line = Kit.Run("list").ShouldFail().SingleErrorLine();
        Assert.Contains(index, line, StringComparison.Ordinal);
        Assert.Contains("kit storage repair", line, StringComparison.Ordinal);

        var repaired = Kit.Run("storage", "repair").ShouldSucceed();
        Assert.Contains(index + ": was unreadable", repaired.Stdout, StringComparison.Ordinal);
        Assert.Equal([("a", "1")], ListRows().Select(r => (r.Repo, (string?)r.Tag)));
        Assert.Single(Directory.GetFiles(Kit.Storage, "index.json.corrupt-*"));
    }

    [Fact]
    public void Prune_lists_then_deletes_untagged_kits_unused_blobs_and_leftovers()
    {
        Pack(Context("a", "weights-a"), "-t", "a:1");
        Pack(Context("a2", "weights-a2"), "-t", "a:1"); // the first manifest stays in a, untagged
        var orphan = "never named by anything"u8.ToArray();
        File.WriteAllBytes(Path.Combine(BlobsDir, Convert.ToHexStringLower(SHA256.HashData(orphan))), orphan);
        var ingest = Path.Combine(Kit.Storage, "ingest", "blob-dead");
        File.WriteAllText(ingest, "partial write of a killed pack");
        var records = Path.Combine(Kit.Storage, "pack-records");
        Directory.CreateDirectory(records);
        var staleRecord = Path.Combine(records, new string('0', 64));
        File.WriteAllText(staleRecord, $"application/vnd.kitops.modelkit.model.v1.tar sha256:{new string('1', 64)} 10 sha256:{new string('1', 64)} 1");
        var blobsBefore = BlobCount();
        Assert.Equal(2, ListRows().Count);

        var dry = Kit.Run("storage", "prune", "--dry-run").ShouldSucceed();
        Assert.Contains("untagged; would be removed", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains(ingest, dry.Stdout, StringComparison.Ordinal);
        Assert.Contains(staleRecord, dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("Would prune 1 ModelKit(s)", dry.Stdout, StringComparison.Ordinal);
        Assert.Equal(blobsBefore, BlobCount());
        Assert.True(File.Exists(ingest));
        Assert.Equal(2, ListRows().Count);

        using var doc = JsonDocument.Parse(Kit.Run("storage", "prune", "--format", "json").ShouldSucceed().Stdout);
        var blobs = doc.RootElement.GetProperty("blobs").EnumerateArray().ToList();
        // The untagged kit's manifest, config and layer, and the orphan.
        Assert.Equal(4, blobs.Count);
        Assert.Equal(blobsBefore - 4, BlobCount());
        Assert.True(doc.RootElement.GetProperty("bytes").GetInt64() > orphan.Length);
        Assert.False(File.Exists(ingest));
        Assert.False(File.Exists(staleRecord));
        Assert.Equal([("a", "1")], ListRows().Select(r => (r.Repo, (string?)r.Tag)));
        Kit.Run("storage", "verify").ShouldSucceed();
    }

    [Fact]
    public void Unknown_format_is_one_error_line()
    {
        var line = Kit.Run("storage", "info", "--format", "yaml").ShouldFail().SingleErrorLine();
        Assert.Contains("invalid --format 'yaml'", line, StringComparison.Ordinal);
    }
}
