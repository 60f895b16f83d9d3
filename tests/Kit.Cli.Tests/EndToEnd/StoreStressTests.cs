using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// 8 kit processes x 25 mixed operations on one store (pack, tag, remove by tag, remove --all, list, inspect, unpack,
/// pull), per seed. Each worker owns its repositories, so what it last wrote there is exactly what must be there
/// afterwards; tags taken from other workers' kits (which may be removed meanwhile) are the only failures allowed.
/// </summary>
[UsesKitBinary]
public sealed class StoreStressTests : RemoteTestBase
{
    private const int Workers = 8;
    private const int OperationsPerWorker = 25;

    private sealed class Worker(int id, int seed)
    {
        public int Id { get; } = id;
        public Random Random { get; } = new(seed * 1000 + id);
        /// <summary>Tags this worker wrote and did not remove ("w3:t5"), with their digest when known (null: tagged from another worker's kit).</summary>
        public Dictionary<string, string?> Tags { get; } = new(StringComparer.Ordinal);
        public List<string> Log { get; } = [];
        public int Counter;
        public string Repo => $"w{Id}";
        public string OtherRepo => $"w{Id}x";
    }

    [RegistryTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Concurrent_processes_lose_no_tag_and_leave_every_indexed_kit_whole(int seed)
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var remote = $"{registry.HostPort}/stress/base";
        var baseDigest = Pack(Context(seed, "base", "base"), "-t", "base:1");
        for (var w = 0; w < Workers; w++)
            KitNet(registry, "push", "base:1", $"{remote}:p{w}").ShouldSucceed();
        Kit.Run("remove", "--all", "--force").ShouldSucceed();

        // Untagged kits anyone may tag by digest while remove --all prunes them.
        var untagged = new ConcurrentBag<string>();
        // Tags any worker may use as a tag source while their owner moves or removes them.
        var published = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var failures = new ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, Workers).Select(w => new Worker(w, seed)).ToList();

        await Task.WhenAll(workers.Select(worker => Task.Run(() =>
        {
            for (var op = 0; op < OperationsPerWorker; op++)
            {
                var problem = RunOne(worker, seed, remote, baseDigest, untagged, published);
                if (problem is not null)
                    failures.Enqueue($"worker {worker.Id} op {op}: {problem}");
            }
        })));

        Assert.True(failures.IsEmpty, "unexpected failures:\n" + string.Join("\n", failures) + "\n\nlogs:\n"
            + string.Join("\n", workers.SelectMany(w => w.Log)));

        // Every tag a worker wrote and did not remove is there, naming what it wrote.
        var list = Kit.Run("list", "--format", "json").ShouldSucceed();
        Assert.DoesNotContain("[WARN", list.Stderr, StringComparison.Ordinal);
        var rows = ListRows();
        foreach (var worker in workers)
        {
            var mine = rows.Where(r => r.Tag is not null && Owns(worker, r.Repo, r.Tag, remote))
                .ToDictionary(r => $"{r.Repo}:{r.Tag}", r => r.Digest, StringComparer.Ordinal);
            Assert.Equal(worker.Tags.Keys.Order(StringComparer.Ordinal), mine.Keys.Order(StringComparer.Ordinal));
            foreach (var (tag, digest) in worker.Tags)
            {
                if (digest is not null)
                    Assert.Equal(digest, mine[tag]);
            }
        }

        AssertEveryIndexedKitIsWhole();

        // Collection is not stuck: removing everything leaves no blob behind but what remote unpack keeps (an unpack of
        // a pulled tag removed meanwhile reads it from the registry), and clearing the cache frees that too.
        Kit.Run("remove", "--all", "--force").ShouldSucceed();
        using (var info = JsonDocument.Parse(Kit.Run("storage", "info", "--format", "json").ShouldSucceed().Stdout))
        {
            Assert.Equal(0, info.RootElement.GetProperty("unnamedBlobs").GetInt32());
            Assert.Equal(BlobCount(), info.RootElement.GetProperty("remoteUnpackBlobs").GetInt32());
        }
        Kit.Run("cache", "clear").ShouldSucceed();
        Assert.Equal(0, BlobCount());
    }

    private static bool Owns(Worker worker, string displayRepo, string tag, string remote) =>
        displayRepo == worker.Repo || displayRepo == worker.OtherRepo || (displayRepo == remote && tag == $"p{worker.Id}");

    /// <summary>One random operation; returns why it failed when it should not have.</summary>
    private string? RunOne(Worker worker, int seed, string remote, string baseDigest,
        ConcurrentBag<string> untagged, ConcurrentDictionary<string, byte> published)
    {
        var n = Interlocked.Increment(ref worker.Counter);
        var roll = worker.Random.Next(100);
        string[] args;
        Action<KitResult>? onSuccess = null;
        var mayBeGone = false;
        var ownTags = worker.Tags.Keys.Order(StringComparer.Ordinal).ToList();
        string? Pick(IReadOnlyList<string> from) => from.Count == 0 ? null : from[worker.Random.Next(from.Count)];

        if (roll < 22 || ownTags.Count == 0)
        {
            // pack: own tag, or untagged; contents sometimes shared with other workers (same digest, other repository).
            var variant = worker.Random.Next(3) == 0 ? $"common-{worker.Random.Next(3)}" : $"w{worker.Id}-{n}";
            var dir = Context(seed, $"w{worker.Id}-{n}", variant);
            var tag = worker.Random.Next(3) > 0 ? $"{worker.Repo}:t{worker.Random.Next(6)}" : null;
            args = tag is null ? ["pack", dir] : ["pack", dir, "-t", tag];
            onSuccess = r =>
            {
                var digest = r.Stdout.Trim()["Model saved: ".Length..];
                if (tag is null) untagged.Add(digest);
                else { worker.Tags[tag] = digest; published[tag] = 0; }
            };
        }
        else if (roll < 40)
        {
            // tag: from an own tag (must work), another worker's tag or an untagged digest (may be gone by now).
            var target = $"{(worker.Random.Next(2) == 0 ? worker.Repo : worker.OtherRepo)}:t{worker.Random.Next(6)}";
            var kind = worker.Random.Next(3);
            var source = kind switch
            {
                0 => Pick(ownTags)!,
                1 => Pick([.. published.Keys.Where(k => !ownTags.Contains(k))]) ?? Pick(ownTags)!,
                _ => Pick([.. untagged]) ?? Pick(ownTags)!,
            };
            mayBeGone = !worker.Tags.ContainsKey(source);
            var known = worker.Tags.GetValueOrDefault(source);
            args = ["tag", source, target];
            onSuccess = _ => { worker.Tags[target] = known; published[target] = 0; };
        }
        else if (roll < 55)
        {
            var tag = Pick(ownTags)!;
            args = ["remove", tag];
            onSuccess = _ => { worker.Tags.Remove(tag); published.TryRemove(tag, out byte _); };
        }
        else if (roll < 62)
        {
            args = ["remove", "--all"];
        }
        else if (roll < 72)
        {
            args = ["list", "--format", "json"];
            onSuccess = r =>
            {
                using var doc = JsonDocument.Parse(r.Stdout);
                var listed = doc.RootElement.EnumerateArray()
                    .Where(e => e.GetProperty("tags").ValueKind == JsonValueKind.Array)
                    .SelectMany(e => e.GetProperty("tags").EnumerateArray().Select(t => $"{e.GetProperty("repo").GetString()}:{t.GetString()}"))
                    .ToHashSet(StringComparer.Ordinal);
                var missing = worker.Tags.Keys.Where(t => !t.StartsWith(remote, StringComparison.Ordinal) && !listed.Contains(t)).ToList();
                if (missing.Count > 0)
                    throw new InvalidOperationException($"list misses own tags {string.Join(", ", missing)}");
            };
        }
        else if (roll < 80)
        {
            var tag = Pick(ownTags)!;
            args = ["inspect", tag];
            var expected = worker.Tags[tag];
            onSuccess = r =>
            {
                using var doc = JsonDocument.Parse(r.Stdout);
                var digest = doc.RootElement.GetProperty("digest").GetString();
                if (expected is not null && digest != expected)
                    throw new InvalidOperationException($"inspect {tag} gave {digest}, expected {expected}");
            };
        }
        else if (roll < 90)
        {
            var tag = Pick(ownTags)!;
            args = ["unpack", tag, "-d", Path.Combine(Work.Path, $"out-w{worker.Id}-{n}")];
        }
        else
        {
            var tag = $"{remote}:p{worker.Id}";
            args = ["pull", tag, "--plain-http"];
            onSuccess = _ => worker.Tags[tag] = baseDigest;
        }

        var result = Kit.Run(args);
        var line = $"w{worker.Id} #{n} kit {string.Join(' ', args)} -> {result.ExitCode}";
        worker.Log.Add(result.ExitCode == 0 ? line : line + ": " + result.Stderr.Trim());
        if (result.ExitCode != 0)
        {
            if (mayBeGone && result.Stderr.Contains("not found", StringComparison.Ordinal))
                return null;
            return $"{line}\n{result.Stderr}";
        }
        try
        {
            onSuccess?.Invoke(result);
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            return $"{line}: {e.Message}";
        }
        return null;
    }

    /// <summary>A tiny project: one model file shared by every kit of the seed, one code file per variant.</summary>
    private string Context(int seed, string name, string variant)
    {
        var dir = Path.Combine(Work.Path, "ctx-" + name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Kitfile"),
            "manifestVersion: 1.0.0\npackage:\n  name: stress\nmodel:\n  name: m\n  path: model.bin\ncode:\n  - path: code.txt\n");
        File.WriteAllText(Path.Combine(dir, "model.bin"), $"shared weights of seed {seed}\n");
        File.WriteAllText(Path.Combine(dir, "code.txt"), $"code {variant}\n");
        return dir;
    }

    /// <summary>Every manifest index.json names is there, and so are its config and layers, each matching its digest.</summary>
    private void AssertEveryIndexedKitIsWhole()
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Kit.Storage, "index.json")));
        foreach (var entry in index.RootElement.GetProperty("manifests").EnumerateArray())
        {
            var manifest = ReadVerified(entry.GetProperty("digest").GetString()!);
            using var doc = JsonDocument.Parse(manifest);
            ReadVerified(doc.RootElement.GetProperty("config").GetProperty("digest").GetString()!);
            foreach (var layer in doc.RootElement.GetProperty("layers").EnumerateArray())
                ReadVerified(layer.GetProperty("digest").GetString()!);
        }
        AssertBlobsIntact();
    }

    private byte[] ReadVerified(string digest)
    {
        var path = Path.Combine(BlobsDir, digest["sha256:".Length..]);
        Assert.True(File.Exists(path), $"indexed blob {digest} is missing");
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)));
        return bytes;
    }
}
