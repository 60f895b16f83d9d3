using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

/// <summary><c>kit init --remote</c> against an in-process Hub answering the tree listing the way huggingface.co does.</summary>
public sealed class InitRemoteTests : KitTestBase
{
    private const string Token = "hf_secret_token";
    private readonly List<MiniHttpRequest> _requests = [];

    private static string Files(params (string Path, long Size)[] files) =>
        "[" + string.Join(",", files.Select(f => $$"""{"type":"file","oid":"x","size":{{f.Size}},"path":"{{f.Path}}"}""")) + "]";

    private MiniHttpServer Hub() => new(request =>
    {
        lock (_requests) _requests.Add(request);
        var response = (request.Path, request.Query.FirstOrDefault(q => q.Key == "cursor").Value) switch
        {
            ("/api/models/acme/tiny/tree/main", null) => new MiniHttpResponse(200,
                Files((".gitattributes", 10), ("LICENSE", 1000), ("README.md", 500), ("config.json", 700)).Replace("]", ",{\"type\":\"directory\",\"oid\":\"y\",\"size\":0,\"path\":\"onnx\"}]"))
            {
                Headers = [("Link", "</api/models/acme/tiny/tree/main?recursive=true&cursor=page2>; rel=\"next\"")],
            },
            ("/api/models/acme/tiny/tree/main", "page2") => new MiniHttpResponse(200,
                Files(("model.safetensors", 500_000_000), ("onnx/model.onnx", 400_000_000), ("tokenizer.json", 2_000_000))),
            ("/api/datasets/acme/reviews/tree/v2", null) => new MiniHttpResponse(200, Files(("README.md", 10), ("data/train.parquet", 1000), ("data/test.parquet", 100))),
            ("/api/models/acme/gated/tree/main", null) => request.Headers.GetValueOrDefault("Authorization") == "Bearer " + Token
                ? new MiniHttpResponse(200, Files(("model.gguf", 10)))
                : new MiniHttpResponse(401, """{"error":"Access to model acme/gated is restricted."}"""),
            ("/api/models/acme/tiny/tree/nope", null) => new MiniHttpResponse(404, """{"error":"Invalid rev id: nope"}"""),
            _ => new MiniHttpResponse(404, """{"error":"Repository not found"}"""),
        };
        return Task.FromResult(response);
    });

    private KitResult Init(MiniHttpServer hub, params string[] args) =>
        Kit.RunWithEnvironment(new Dictionary<string, string?> { ["HF_ENDPOINT"] = $"http://127.0.0.1:{hub.Port}" }, ["init", "--remote", .. args]);

    [Fact]
    public async Task Model_repository_kitfile_from_every_page_of_the_listing_on_stdout()
    {
        await using var hub = Hub();
        var result = Init(hub, "https://huggingface.co/acme/tiny").ShouldSucceed();
        Assert.Equal("""
            manifestVersion: 1.0.0
            package:
              name: tiny
              authors: [acme]
            model:
              path: model.safetensors
              parts:
                - path: onnx/model.onnx
                - path: config.json
                - path: tokenizer.json
            docs:
              - path: LICENSE
                description: License file
              - path: README.md
                description: Readme file

            """, result.Stdout);
        Assert.Contains("Fetching file listing from remote repository acme/tiny (ref: main)", result.Stderr, StringComparison.Ordinal);
        Assert.All(_requests, r => Assert.Contains(new KeyValuePair<string, string>("recursive", "true"), r.Query));
        Assert.Equal(2, _requests.Count);
    }

    [Fact]
    public async Task Dataset_repository_at_a_ref_with_flags_for_the_package_and_an_output_file()
    {
        await using var hub = Hub();
        var output = Work.Combine("Kitfile");
        var result = Init(hub, "datasets/acme/reviews", "--ref", "v2", "--name", "reviews-kit", "--author", "Jane", "-o", output).ShouldSucceed();
        Assert.Equal("""
            manifestVersion: 1.0.0
            package:
              name: reviews-kit
              authors: [Jane]
            datasets:
              - path: data/
            docs:
              - path: README.md
                description: Readme file

            """, File.ReadAllText(output));
        Assert.EndsWith($"Saved to path '{output}'\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gated_repository_needs_the_token_which_is_never_printed()
    {
        await using var hub = Hub();
        var refused = Init(hub, "acme/gated").ShouldFail();
        Assert.Equal("[ERROR] Error fetching remote repository: acme/gated is private or gated (401): pass a token with access to it (--token or HF_TOKEN)",
            refused.SingleErrorLine());

        var viaFlag = Init(hub, "acme/gated", "--token", Token).ShouldSucceed();
        Assert.Contains("path: model.gguf", viaFlag.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, viaFlag.Stdout + viaFlag.Stderr, StringComparison.Ordinal);

        var viaEnvironment = Kit.RunWithEnvironment(
            new Dictionary<string, string?> { ["HF_ENDPOINT"] = $"http://127.0.0.1:{hub.Port}", ["HF_TOKEN"] = Token }, "init", "--remote", "acme/gated");
        viaEnvironment.ShouldSucceed();
    }

    [Fact]
    public async Task Unknown_ref_and_repository_are_one_line()
    {
        await using var hub = Hub();
        Assert.Equal("[ERROR] Error fetching remote repository: reference 'nope' not found",
            Init(hub, "acme/tiny", "--ref", "nope").ShouldFail().SingleErrorLine());
        Assert.Equal("[ERROR] Error fetching remote repository: repository acme/missing or reference 'main' not found",
            Init(hub, "acme/missing").ShouldFail().SingleErrorLine());
    }

    [Theory]
    [InlineData("https://github.com/acme/tiny", "unsupported hostname: github.com (only huggingface.co is supported)")]
    [InlineData("acme/tiny/extra", "invalid repository format: acme/tiny/extra")]
    [InlineData("https://huggingface.co/datasets/acme", "invalid dataset URL: expected datasets/org/repo, got 'datasets/acme'")]
    public void Bad_repository_strings_are_refused_before_any_request(string repository, string why) =>
        Assert.Equal($"[ERROR] Invalid arguments: invalid HuggingFace repository: {why}",
            Kit.Run("init", "--remote", repository).ShouldFail().SingleErrorLine());
}
