using System.Security.Cryptography;
using System.Text;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

/// <summary>
/// <c>kit import</c> against an in-process Hub: revision pinning, the tree listing, resolve downloads with Range, a
/// gated repository, and a connection dropped in the middle of a file.
/// </summary>
public sealed class ImportTests : KitTestBase
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Token = "hf_secret_token";

    private readonly List<MiniHttpRequest> _requests = [];
    private readonly Dictionary<string, string> _content = new(StringComparer.Ordinal);
    private readonly HashSet<string> _lfs = new(StringComparer.Ordinal);
    private int _dropAfter = -1;
    private string? _dropPath;
    private string? _corruptPath;
    private bool _gated;

    private static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

#pragma warning disable CA5350 // git's blob id, as the Hub lists it
    private static string GitOid(string s) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"blob {s.Length}\0{s}")));
#pragma warning restore CA5350

    private void Repo(params (string Path, string Content, bool Lfs)[] files)
    {
        foreach (var (path, content, lfs) in files)
        {
            _content[path] = content;
            if (lfs) _lfs.Add(path);
        }
    }

    private string Listing() => "[" + string.Join(",", _content.Select(f => _lfs.Contains(f.Key)
        ? $$$"""{"type":"file","oid":"{{{GitOid("pointer")}}}","size":120,"path":"{{{f.Key}}}","lfs":{"oid":"{{{Sha256(f.Value)}}}","size":{{{f.Value.Length}}},"pointerSize":120}}"""
        : $$"""{"type":"file","oid":"{{GitOid(f.Value)}}","size":{{f.Value.Length}},"path":"{{f.Key}}"}""")) + "]";

    private MiniHttpServer Hub(string collection, string id) => new(request =>
    {
        lock (_requests) _requests.Add(request);
        if (_gated && request.Headers.GetValueOrDefault("Authorization") != "Bearer " + Token)
            return Task.FromResult(new MiniHttpResponse(401, """{"error":"Access to this repository is restricted."}"""));
        var prefix = collection == "datasets" ? "/datasets/" : "/";
        MiniHttpResponse response;
        if (request.Path == $"/api/{collection}/{id}/revision/main")
            response = new MiniHttpResponse(200, $$"""{"id":"{{id}}","sha":"{{Commit}}"}""");
        else if (request.Path == $"/api/{collection}/{id}/tree/{Commit}")
            response = new MiniHttpResponse(200, Listing());
        else if (request.Path.StartsWith($"{prefix}{id}/resolve/{Commit}/", StringComparison.Ordinal)
                 && _content.TryGetValue(Uri.UnescapeDataString(request.Path[$"{prefix}{id}/resolve/{Commit}/".Length..]), out var content))
        {
            var path = Uri.UnescapeDataString(request.Path[$"{prefix}{id}/resolve/{Commit}/".Length..]);
            if (path == _corruptPath) content = content.ToUpperInvariant();
            var from = request.Headers.TryGetValue("Range", out var range) ? int.Parse(range["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture) : 0;
            var body = content[from..];
            response = path == _dropPath && _dropAfter >= 0
                ? new MiniHttpResponse(200, body[.._dropAfter], "application/octet-stream") { DeclaredLength = body.Length }
                : new MiniHttpResponse(from > 0 ? 206 : 200, body, "application/octet-stream");
        }
        else
            response = new MiniHttpResponse(404, """{"error":"Repository not found"}""");
        return Task.FromResult(response);
    });

    private KitResult Import(MiniHttpServer hub, params string[] args) =>
        Kit.RunWithEnvironment(new Dictionary<string, string?> { ["HF_ENDPOINT"] = $"http://127.0.0.1:{hub.Port}" }, ["import", .. args]);

    private List<string> Downloads() => [.. _requests.Where(r => r.Path.Contains("/resolve/", StringComparison.Ordinal)).Select(r => r.Path[(r.Path.LastIndexOf(Commit, StringComparison.Ordinal) + Commit.Length + 1)..])];

    [Fact]
    public async Task Model_repository_is_pinned_downloaded_verified_and_packed_under_its_name()
    {
        Repo(("model.safetensors", new string('w', 5000), true), ("config.json", "{\"a\":1}", false), ("README.md", "# tiny", false),
            ("onnx/model.onnx", new string('o', 3000), true));
        await using var hub = Hub("models", "Acme/Tiny");
        var result = Import(hub, "https://huggingface.co/Acme/Tiny").ShouldSucceed();
        Assert.Contains("Using tag acme/tiny:latest. Use flag --tag to override", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("Model is packed as acme/tiny:latest (sha256:", result.Stdout, StringComparison.Ordinal);

        Kit.Run("unpack", "acme/tiny:latest", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(["Kitfile", "README.md", "config.json", "model.safetensors", "onnx/model.onnx"], FilesUnder(Work.Combine("out")));
        Assert.Equal(new string('o', 3000), File.ReadAllText(Work.Combine("out", "onnx", "model.onnx")));
        Assert.Contains("authors: [Acme]", File.ReadAllText(Work.Combine("out", "Kitfile")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Kit.Home, "cache", "import", $"Acme--Tiny--{Commit}")), "the import directory is removed");
        Assert.All(_requests.Where(r => r.Path.Contains("/tree/", StringComparison.Ordinal)), r => Assert.Contains(Commit, r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dataset_repository_with_its_own_kitfile_and_a_tag()
    {
        Repo(("Kitfile", "manifestVersion: 1.0.0\npackage:\n  name: reviews\ndatasets:\n  - name: train\n    path: data/train.csv\n", false),
            ("data/train.csv", "a,b\n1,2\n", false), ("data/raw.csv", "not packed", false));
        await using var hub = Hub("datasets", "acme/reviews");
        Import(hub, "datasets/acme/reviews", "-t", "reviews:1").ShouldSucceed();
        Assert.Equal(["Kitfile", "data/train.csv"], Downloads().Order(StringComparer.Ordinal));
        Kit.Run("unpack", "reviews:1", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(["Kitfile", "data/train.csv"], FilesUnder(Work.Combine("out")));
    }

    [Fact]
    public async Task Raw_layer_format_stores_the_downloaded_weights_as_they_are()
    {
        Repo(("Kitfile", "manifestVersion: 1.0.0\npackage:\n  name: tiny\nmodel:\n  path: model.gguf\ndocs:\n  - path: README.md\n", false),
            ("model.gguf", new string('w', 5000), true), ("README.md", "# tiny", false));
        await using var hub = Hub("models", "acme/raw");
        Import(hub, "acme/raw", "--layer-format", "raw").ShouldSucceed();

        var manifest = System.Text.Json.JsonDocument.Parse(Kit.Run("inspect", "acme/raw:latest").ShouldSucceed().Stdout).RootElement.GetProperty("manifest");
        var model = manifest.GetProperty("layers")[0];
        Assert.Equal("application/vnd.kitops.modelkit.model.v1.raw", model.GetProperty("mediaType").GetString());
        Assert.Equal("sha256:" + Sha256(new string('w', 5000)), model.GetProperty("digest").GetString());
        Kit.Run("unpack", "acme/raw:latest", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(new string('w', 5000), File.ReadAllText(Work.Combine("out", "model.gguf")));
        Assert.False(Directory.Exists(Path.Combine(Kit.Home, "cache", "import", $"acme--raw--{Commit}")), "the import directory is removed");

        Import(hub, "acme/raw", "--layer-format", "zip").ShouldFail();
    }

    [Fact]
    public async Task Gated_repository_needs_a_token()
    {
        Repo(("model.gguf", "weights", true));
        _gated = true;
        await using var hub = Hub("models", "acme/gated");
        var error = Import(hub, "acme/gated").ShouldFail().SingleErrorLine();
        Assert.Equal("[ERROR] failed to pin commit for acme/gated@main: acme/gated is private or gated (401): pass a token with access to it (--token or HF_TOKEN)", error);
        var result = Import(hub, "acme/gated", "--token", Token).ShouldSucceed();
        Assert.DoesNotContain(Token, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Include_and_exclude_select_one_quantization()
    {
        Repo(("model-Q4_K_M.gguf", "q4", true), ("model-Q8_0.gguf", "q8q8", true), ("README.md", "# r", false), ("extras/notes.txt", "n", false));
        await using var hub = Hub("models", "acme/gguf");
        Import(hub, "acme/gguf", "--include", "*Q4_K_M*", "--include", "*.md", "--exclude", "extras").ShouldSucceed();
        Assert.Equal(["README.md", "model-Q4_K_M.gguf"], Downloads().Order(StringComparer.Ordinal));
        Kit.Run("unpack", "acme/gguf:latest", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(["Kitfile", "README.md", "model-Q4_K_M.gguf"], FilesUnder(Work.Combine("out")));
    }

    [Fact]
    public async Task A_dropped_download_resumes_from_where_it_stopped()
    {
        var weights = string.Concat(Enumerable.Range(0, 4000).Select(i => (char)('a' + i % 26)));
        // One file only: with several, whether the others finished before the drop depends on scheduling.
        Repo(("model.safetensors", weights, true));
        _dropPath = "model.safetensors";
        _dropAfter = 1500;
        await using var hub = Hub("models", "acme/big");
        var error = Import(hub, "acme/big").ShouldFail().SingleErrorLine();
        Assert.Contains("downloading model.safetensors stopped after 1500 of 4000 bytes", error, StringComparison.Ordinal);
        Assert.Contains("run the import again", error, StringComparison.Ordinal);

        _dropAfter = -1;
        _requests.Clear();
        Import(hub, "acme/big").ShouldSucceed();
        var resumed = Assert.Single(_requests, r => r.Path.EndsWith("/model.safetensors", StringComparison.Ordinal));
        Assert.Equal("bytes=1500-", resumed.Headers["Range"]);
        Kit.Run("unpack", "acme/big:latest", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(weights, File.ReadAllText(Work.Combine("out", "model.safetensors")));
    }

    [Fact]
    public async Task A_file_completed_before_a_failure_is_not_downloaded_again()
    {
        var second = string.Concat(Enumerable.Range(0, 3000).Select(i => (char)('a' + i % 26)));
        Repo(("first.safetensors", new string('f', 2000), true), ("second.safetensors", second, true));
        _dropPath = "second.safetensors";
        _dropAfter = 1000;
        await using var hub = Hub("models", "acme/two");
        // One download at a time, in listing order: the first file is complete when the second one breaks.
        Import(hub, "acme/two", "--concurrency", "1").ShouldFail();
        Assert.Equal(["first.safetensors", "second.safetensors"], Downloads());

        _dropAfter = -1;
        _requests.Clear();
        Import(hub, "acme/two", "--concurrency", "1").ShouldSucceed();
        var resumed = Assert.Single(_requests, r => r.Path.Contains("/resolve/", StringComparison.Ordinal));
        Assert.EndsWith("/second.safetensors", resumed.Path, StringComparison.Ordinal);
        Assert.Equal("bytes=1000-", resumed.Headers["Range"]);
        Kit.Run("unpack", "acme/two:latest", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(second, File.ReadAllText(Work.Combine("out", "second.safetensors")));
    }

    [Fact]
    public async Task Content_that_does_not_match_the_listing_is_refused_and_removed()
    {
        Repo(("model.safetensors", "weights", true));
        _corruptPath = "model.safetensors";
        await using var hub = Hub("models", "acme/bad");
        var error = Import(hub, "acme/bad").ShouldFail().SingleErrorLine();
        Assert.Contains("downloaded model.safetensors does not match the Hub's listing (sha256 ", error, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Kit.Home, "cache", "import"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Attestation_output_records_the_source_commit_and_the_kitfile_digest()
    {
        Repo(("model.gguf", "weights", true));
        await using var hub = Hub("models", "acme/tiny");
        var output = Work.Combine("provenance.json");
        var result = Import(hub, "acme/tiny", "--attestation-output", output).ShouldSucceed();
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(output));
        var build = doc.RootElement.GetProperty("buildDefinition");
        Assert.Equal("https://kitops.org/import/v1", build.GetProperty("buildType").GetString());
        var source = build.GetProperty("externalParameters").GetProperty("source");
        Assert.Equal("hf://acme/tiny", source.GetProperty("uri").GetString());
        Assert.Equal(Commit, source.GetProperty("digest").GetProperty("gitCommit").GetString());
        using var inspect = System.Text.Json.JsonDocument.Parse(Kit.Run("inspect", "acme/tiny:latest").ShouldSucceed().Stdout);
        var config = inspect.RootElement.GetProperty("manifest").GetProperty("config").GetProperty("digest").GetString()!;
        Assert.Equal(config["sha256:".Length..],
            build.GetProperty("externalParameters").GetProperty("kitfile").GetProperty("digest").GetProperty("sha256").GetString());
        Assert.Equal(0, build.GetProperty("resolvedDependencies").GetArrayLength());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
            doc.RootElement.GetProperty("runDetails").GetProperty("metadata").GetProperty("invocationId").GetString()!);
        Assert.Contains("ModelKit manifest digest: sha256:", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["provenance.json"], Directory.GetFiles(Work.Path).Select(Path.GetFileName));

        // '-' puts the predicate, and nothing else, on stdout.
        var toStdout = Import(hub, "acme/tiny", "-t", "tiny:2", "--attestation-output", "-").ShouldSucceed();
        using var fromStdout = System.Text.Json.JsonDocument.Parse(toStdout.Stdout);
        Assert.Equal("hf://acme/tiny", fromStdout.RootElement.GetProperty("buildDefinition").GetProperty("externalParameters")
            .GetProperty("source").GetProperty("uri").GetString());
    }

    [Fact]
    public async Task A_failed_import_leaves_an_existing_attestation_file_alone()
    {
        await using var hub = Hub("models", "acme/missing");
        var output = Work.WriteFile("provenance.json", "previous");
        Import(hub, "acme/missing", "--attestation-output", output).ShouldFail();
        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Equal(["provenance.json"], Directory.GetFiles(Work.Path).Select(Path.GetFileName));
    }
}
