using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>Helpers for push/pull/unpack tests: extra KITOPS_HOMEs, reading manifests from a store, the per-blob progress lines.</summary>
public abstract partial class TransferTestBase : RemoteTestBase
{
    public sealed record Layer(string MediaType, string Digest, long Size);

    /// <summary>Another kit with its own, empty KITOPS_HOME (deleted with the test's scratch directory).</summary>
    protected KitRunner FreshHome(string name)
    {
        var home = Work.Combine("homes", name);
        Directory.CreateDirectory(home);
        return new KitRunner(home, Work.Combine("sandboxes", name), UsesBinary);
    }

    protected static KitResult Net(KitRunner kit, RegistryFixture registry, params string[] args) => kit.Run([.. args, .. NetworkFlags(registry)]);

    /// <summary>Logs <paramref name="kit"/> in to an authenticated registry; nothing to do on plain HTTP.</summary>
    protected static void LogIn(KitRunner kit, RegistryFixture registry)
    {
        if (registry.Mode == RegistryMode.PlainHttp)
            return;
        kit.RunIn(null, registry.Password + "\n", ["login", registry.HostPort, "-u", registry.Username, "--password-stdin", .. NetworkFlags(registry)])
            .ShouldSucceed();
    }

    /// <summary>skopeo flags to reach the fixture (<paramref name="prefix"/>: "", "src-" or "dest-").</summary>
    protected static string[] SkopeoFlags(RegistryFixture registry, string prefix = "") =>
        registry.Mode == RegistryMode.PlainHttp
            ? [$"--{prefix}tls-verify=false"]
            : [$"--{prefix}cert-dir", registry.CertDirectory!, $"--{prefix}creds", $"{registry.Username}:{registry.Password}"];

    protected static string Pushed(KitResult result) => Printed(result, "Pushed");

    protected static string Pulled(KitResult result) => Printed(result, "Pulled");

    private static string Printed(KitResult result, string verb)
    {
        var m = Regex.Match(result.Stdout, $@"(?m)^{verb} (sha256:[0-9a-f]{{64}})$");
        Assert.True(m.Success, $"expected '{verb} sha256:...' on stdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
        return m.Groups[1].Value;
    }

    protected static string BlobPath(KitRunner kit, string digest) => Path.Combine(kit.Storage, "blobs", "sha256", digest["sha256:".Length..]);

    /// <summary>Config and layers of a manifest stored in <paramref name="kit"/>'s store (config first).</summary>
    protected static List<Layer> Blobs(KitRunner kit, string manifestDigest)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(BlobPath(kit, manifestDigest)));
        static Layer Read(JsonElement e) => new(e.GetProperty("mediaType").GetString()!, e.GetProperty("digest").GetString()!, e.GetProperty("size").GetInt64());
        return [Read(doc.RootElement.GetProperty("config")), .. doc.RootElement.GetProperty("layers").EnumerateArray().Select(Read)];
    }

    protected static string[] StoreBlobDigests(KitRunner kit)
    {
        var dir = Path.Combine(kit.Storage, "blobs", "sha256");
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Select(f => "sha256:" + Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray() : [];
    }

    /// <summary>Every blob in <paramref name="kit"/>'s store hashes to its name.</summary>
    protected static void AssertIntact(KitRunner kit)
    {
        foreach (var digest in StoreBlobDigests(kit))
            Assert.Equal(digest, Sha256(File.ReadAllBytes(BlobPath(kit, digest))));
    }

    protected static List<(string Repo, string? Tag, string Digest)> Rows(KitRunner kit)
    {
        using var doc = JsonDocument.Parse(kit.Run("list", "--format", "json").ShouldSucceed().Stdout);
        return doc.RootElement.EnumerateArray().SelectMany(e =>
        {
            var repo = e.GetProperty("repo").GetString()!;
            var digest = e.GetProperty("digest").GetString()!;
            var tags = e.GetProperty("tags");
            return tags.ValueKind == JsonValueKind.Array && tags.GetArrayLength() > 0
                ? tags.EnumerateArray().Select(t => (repo, (string?)t.GetString(), digest)).ToList()
                : [(repo, null, digest)];
        }).OrderBy(r => r.repo, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal).ToList();
    }

    /// <summary>Short digests ("sha256:1a2b3c4d") of the blobs the progress lines on stderr report with <paramref name="outcome"/>.</summary>
    protected static HashSet<string> BlobsReported(KitResult result, string outcome) =>
        Regex.Matches(result.Stderr, $@"(?m)^Copying (sha256:[0-9a-f]{{8}}): done, {Regex.Escape(outcome)}\s*$").Select(m => m.Groups[1].Value).ToHashSet();

    protected static string Abbreviated(string digest) => digest[..("sha256:".Length + 8)];

    protected static string Sha256(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>Every file under the two directories has the same relative path and bytes.</summary>
    protected static void AssertSameTree(string expected, string actual)
    {
        var files = FilesUnder(expected);
        Assert.NotEmpty(files);
        Assert.Equal(files, FilesUnder(actual));
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, f))), $"{f} differs");
    }

    /// <summary>A kit context whose model is <paramref name="modelBytes"/> random bytes (seeded), with a small dataset and docs.</summary>
    protected string RandomKitContext(string name, int modelBytes, int seed = 1, string datasetText = "a,b\n1,2\n")
    {
        var dir = Work.Combine(name);
        Work.WriteFile($"{name}/Kitfile",
            $"manifestVersion: 1.0.0\npackage:\n  name: {name}\nmodel:\n  name: weights\n  path: model.bin\ndatasets:\n  - name: data\n    path: data.csv\ndocs:\n  - path: README.md\n");
        var bytes = new byte[modelBytes];
        new Random(seed).NextBytes(bytes);
        Work.WriteBytes($"{name}/model.bin", bytes);
        Work.WriteFile($"{name}/data.csv", datasetText);
        Work.WriteFile($"{name}/README.md", "# " + name + "\n");
        return dir;
    }
}
