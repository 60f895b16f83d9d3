using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kit.Cli.Tests.Infrastructure;

/// <summary>
/// Each test gets a fresh KITOPS_HOME, a scratch directory and a private sandbox for HOME, DOCKER_CONFIG and XDG dirs.
/// kit runs in-process unless the class is marked <see cref="UsesKitBinaryAttribute"/>.
/// </summary>
public abstract partial class KitTestBase : IDisposable
{
    protected KitTestBase()
    {
        Home = new TempDir("kit-home-");
        Work = new TempDir("kit-work-");
        Sandbox = new TempDir("kit-sandbox-");
        UsesBinary = GetType().IsDefined(typeof(UsesKitBinaryAttribute), inherit: true);
        Kit = new KitRunner(Home.Path, Sandbox.Path, UsesBinary);
    }

    protected TempDir Home { get; }
    protected TempDir Work { get; }
    protected TempDir Sandbox { get; }
    protected bool UsesBinary { get; }
    protected KitRunner Kit { get; }

    /// <summary>Packs and returns the manifest digest printed as "Model saved: sha256:...".</summary>
    protected string Pack(string context, params string[] extra)
    {
        var result = Kit.Run(["pack", context, .. extra]).ShouldSucceed();
        var m = ModelSaved().Match(result.Stdout);
        Assert.True(m.Success, "pack did not print 'Model saved: sha256:<hex>' on stdout:\n" + result.Stdout);
        return m.Groups[1].Value;
    }

    protected List<JsonElement> ListJson()
    {
        var result = Kit.Run("list", "--format", "json").ShouldSucceed();
        using var doc = JsonDocument.Parse(result.Stdout);
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>(repo, tag-or-null, digest) rows from kit list --format json.</summary>
    protected List<(string Repo, string? Tag, string Digest)> ListRows() =>
        ListJson().SelectMany(e =>
        {
            var repo = e.GetProperty("repo").GetString()!;
            var digest = e.GetProperty("digest").GetString()!;
            var tags = e.GetProperty("tags");
            return tags.ValueKind == JsonValueKind.Array && tags.GetArrayLength() > 0
                ? tags.EnumerateArray().Select(t => (repo, (string?)t.GetString(), digest)).ToList()
                : [(repo, null, digest)];
        }).OrderBy(r => r.repo, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal).ToList();

    protected string BlobsDir => Path.Combine(Kit.Storage, "blobs", "sha256");

    protected long BlobBytesOnDisk() =>
        Directory.Exists(BlobsDir) ? new DirectoryInfo(BlobsDir).EnumerateFiles().Sum(f => f.Length) : 0;

    protected int BlobCount() => Directory.Exists(BlobsDir) ? Directory.GetFiles(BlobsDir).Length : 0;

    /// <summary>Every blob's content hashes to its file name.</summary>
    protected void AssertBlobsIntact()
    {
        foreach (var file in Directory.GetFiles(BlobsDir))
        {
            using var s = File.OpenRead(file);
            var hex = Convert.ToHexStringLower(SHA256.HashData(s));
            Assert.Equal(Path.GetFileName(file), hex);
        }
    }

    protected static List<string> FilesUnder(string dir) =>
        Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"^Model saved: (sha256:[0-9a-f]{64})$", RegexOptions.Multiline)]
    private static partial Regex ModelSaved();

    public void Dispose()
    {
        Home.Dispose();
        Work.Dispose();
        Sandbox.Dispose();
        GC.SuppressFinalize(this);
    }
}
