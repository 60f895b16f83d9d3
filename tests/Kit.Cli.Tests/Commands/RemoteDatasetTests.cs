using Kit.Cli.Tests.EndToEnd;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Commands;

/// <summary>
/// <c>kit unpack --include-remote</c>: datasets whose <c>remotePath</c> is an S3 object (an in-process S3 endpoint
/// answering as S3 does to a path-style GET with <c>If-Match</c>) or another ModelKit; and <c>kit pull</c> bringing the
/// ModelKits datasets name.
/// </summary>
public sealed class RemoteDatasetTests : RemoteTestBase
{
    private const string AccessKey = "AKIDKITTEST";
    private const string Secret = "kit-test-secret-key";
    /// <summary>S3's ETag of a single-part object is the MD5 of its bytes (here of <see cref="Csv"/>), and the SDK checks it.</summary>
    private const string ETag = "\"c0aa2b9d0deaae46e53293463f76e855\"";
    private const string Csv = "text,label\ngreat,1\n";
    private readonly List<MiniHttpRequest> _requests = [];

    /// <summary>One bucket <c>datasets</c> holding <c>reviews/train.csv</c>, whose ETag is <see cref="ETag"/>.</summary>
    private MiniHttpServer S3() => new(request =>
    {
        lock (_requests) _requests.Add(request);
        MiniHttpResponse response;
        if (request.Path == "/datasets/reviews/damaged.csv")
            response = new MiniHttpResponse(200, Csv.Replace('1', '0'), "text/csv") { Headers = [("ETag", ETag)] };
        else if (request.Method != "GET" || request.Path != "/datasets/reviews/train.csv")
            response = new MiniHttpResponse(404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>", "application/xml");
        else if (request.Headers.GetValueOrDefault("If-Match") is { } match && match.Trim('"') != ETag.Trim('"'))
            response = new MiniHttpResponse(412, "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>", "application/xml");
        else
            response = new MiniHttpResponse(200, Csv, "text/csv") { Headers = [("ETag", ETag)] };
        return Task.FromResult(response);
    });

    private static Dictionary<string, string?> S3Environment(MiniHttpServer s3) => new()
    {
        ["S3_API_ENDPOINT"] = $"http://127.0.0.1:{s3.Port}",
        ["S3_REGION"] = "eu-west-1",
        ["S3_ACCESS_KEY_ID"] = AccessKey,
        ["S3_SECRET_KEY"] = Secret,
    };

    private void PackRemoteKit(string remotePath, string remoteHash, string tag = "remote:1")
    {
        Work.WriteFile("ctx/Kitfile", $"""
            manifestVersion: 1.0.0
            package:
              name: remote
            model:
              path: model.bin
            datasets:
              - name: reviews
                path: data/train.csv
                remotePath: {remotePath}
                remoteHash: '{remoteHash}'
            """);
        Work.WriteFile("ctx/model.bin", "weights");
        Kit.Run("pack", Work.Combine("ctx"), "-t", tag).ShouldSucceed();
    }

    [Fact]
    public async Task An_S3_dataset_is_downloaded_to_its_path_with_a_signed_request_that_must_match_the_remote_hash()
    {
        await using var s3 = S3();
        PackRemoteKit("s3://datasets/reviews/train.csv?versionId=v7", ETag);
        var target = Work.Combine("out");
        var result = Kit.RunWithEnvironment(S3Environment(s3), "unpack", "remote:1", "-d", target, "--include-remote").ShouldSucceed();

        Assert.Equal(Csv, File.ReadAllText(Path.Combine(target, "data", "train.csv")));
        Assert.Equal("weights", File.ReadAllText(Path.Combine(target, "model.bin")));
        Assert.Contains("Downloaded remote S3 dataset for path data/train.csv", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--include-remote flag", result.Stderr, StringComparison.Ordinal);
        var get = Assert.Single(_requests);
        Assert.Equal(ETag, get.Headers["If-Match"]);
        Assert.Contains(new KeyValuePair<string, string>("versionId", "v7"), get.Query);
        // Signed with the S3_* keys for the S3_REGION, never sent in the clear.
        Assert.StartsWith($"AWS4-HMAC-SHA256 Credential={AccessKey}/", get.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/s3/aws4_request", get.Headers["Authorization"], StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, get.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(target, "data"), ".kit-tmp-*"));
    }

    [Fact]
    public async Task Without_the_flag_remote_datasets_are_only_announced_and_nothing_is_fetched()
    {
        await using var s3 = S3();
        PackRemoteKit("s3://datasets/reviews/train.csv", ETag);
        var target = Work.Combine("out");
        var result = Kit.RunWithEnvironment(S3Environment(s3), "unpack", "remote:1", "-d", target).ShouldSucceed();

        Assert.Contains("ModelKit contains remote datasets. To unpack, specify the --include-remote flag", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "data", "train.csv")));
        Assert.True(File.Exists(Path.Combine(target, "model.bin")));
        Assert.Empty(_requests);
    }

    [Fact]
    public async Task An_object_that_changed_since_the_kitfile_fails_in_one_line_and_leaves_no_file()
    {
        await using var s3 = S3();
        PackRemoteKit("s3://datasets/reviews/train.csv", "0123456789abcdef0123456789abcdef");
        var target = Work.Combine("out");
        var error = Kit.RunWithEnvironment(S3Environment(s3), "unpack", "remote:1", "-d", target, "--include-remote").ShouldFail().SingleErrorLine();

        Assert.Equal("[ERROR] remote dataset s3://datasets/reviews/train.csv has changed: its ETag is no longer remoteHash "
            + "0123456789abcdef0123456789abcdef; update remoteHash in the Kitfile or pin the object with ?versionId=", error);
        Assert.False(Directory.Exists(Path.Combine(target, "data")) && Directory.EnumerateFileSystemEntries(Path.Combine(target, "data")).Any());
    }

    [Fact]
    public async Task Bytes_that_do_not_match_the_objects_checksum_are_refused_and_leave_no_file()
    {
        await using var s3 = S3();
        PackRemoteKit("s3://datasets/reviews/damaged.csv", ETag);
        var target = Work.Combine("out");
        var error = Kit.RunWithEnvironment(S3Environment(s3), "unpack", "remote:1", "-d", target, "--include-remote").ShouldFail().SingleErrorLine();
        Assert.Equal("[ERROR] remote dataset s3://datasets/reviews/damaged.csv: the downloaded bytes do not match the object's checksum; run the unpack again", error);
        Assert.Empty(Directory.GetFiles(Path.Combine(target, "data")));
    }

    [Fact]
    public async Task A_missing_object_is_named_in_one_line()
    {
        await using var s3 = S3();
        PackRemoteKit("s3://datasets/reviews/gone.csv", ETag);
        var error = Kit.RunWithEnvironment(S3Environment(s3), "unpack", "remote:1", "-d", Work.Combine("out"), "--include-remote", "--filter", "datasets")
            .ShouldFail().SingleErrorLine();
        Assert.Equal("[ERROR] remote dataset s3://datasets/reviews/gone.csv not found (NoSuchKey)", error);
    }

    [Fact]
    public async Task An_existing_file_at_the_dataset_path_stops_the_unpack_before_anything_is_written_unless_i_or_o()
    {
        await using var s3 = S3();
        PackRemoteKit("s3://datasets/reviews/train.csv", ETag);
        var target = Work.Combine("out");
        Work.WriteFile("out/data/train.csv", "mine");

        var error = Kit.RunWithEnvironment(S3Environment(s3), "unpack", "remote:1", "-d", target, "--include-remote").ShouldFail().SingleErrorLine();
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "model.bin")));
        Assert.Empty(_requests);

        Kit.RunWithEnvironment(S3Environment(s3), "unpack", "remote:1", "-d", target, "--include-remote", "-i").ShouldSucceed();
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "data", "train.csv")));
        Assert.Empty(_requests);

        Kit.RunWithEnvironment(S3Environment(s3), "unpack", "remote:1", "-d", target, "--include-remote", "-o").ShouldSucceed();
        Assert.Equal(Csv, File.ReadAllText(Path.Combine(target, "data", "train.csv")));
    }

    [Fact]
    public void A_dataset_naming_a_modelkit_gets_that_kits_datasets_under_its_path()
    {
        Work.WriteFile("data-kit/Kitfile", """
            manifestVersion: 1.0.0
            datasets:
              - name: train
                path: train.csv
              - name: test
                path: splits/test.csv
            code:
              - path: prep.py
            """);
        Work.WriteFile("data-kit/train.csv", "train rows");
        Work.WriteFile("data-kit/splits/test.csv", "test rows");
        Work.WriteFile("data-kit/prep.py", "print(1)");
        Kit.Run("pack", Work.Combine("data-kit"), "-t", "reviews-data:1").ShouldSucceed();
        Work.WriteFile("ctx/Kitfile", """
            manifestVersion: 1.0.0
            model:
              path: model.bin
            datasets:
              - name: reviews
                path: data
                remotePath: reviews-data:1
            """);
        Work.WriteFile("ctx/model.bin", "weights");
        Kit.Run("pack", Work.Combine("ctx"), "-t", "uses-data:1").ShouldSucceed();

        var target = Work.Combine("out");
        var result = Kit.Run("unpack", "uses-data:1", "-d", target, "--include-remote").ShouldSucceed();
        Assert.Contains("Unpacking referenced dataset ModelKit reviews-data:1 to data", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("train rows", File.ReadAllText(Path.Combine(target, "data", "train.csv")));
        Assert.Equal("test rows", File.ReadAllText(Path.Combine(target, "data", "splits", "test.csv")));
        // Only the referenced kit's datasets: not its code, not its Kitfile.
        Assert.False(File.Exists(Path.Combine(target, "data", "prep.py")));
        Assert.False(File.Exists(Path.Combine(target, "data", "Kitfile")));

        var unknown = Work.Combine("out2");
        Work.WriteFile("ctx/Kitfile", "manifestVersion: 1.0.0\ndatasets:\n  - name: reviews\n    path: data\n    remotePath: nowhere-data:1\n");
        Kit.Run("pack", Work.Combine("ctx"), "-t", "dangling:1").ShouldSucceed();
        var error = Kit.Run("unpack", "dangling:1", "-d", unknown, "--include-remote").ShouldFail().SingleErrorLine();
        Assert.StartsWith("[ERROR] Failed to resolve referenced modelkit nowhere-data:1: ", error, StringComparison.Ordinal);
    }

    [RegistryFact]
    public async Task Pull_brings_the_modelkits_datasets_name_so_the_unpack_needs_no_registry()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var repo = $"{registry.HostPort}/remote/data";
        Work.WriteFile("data-kit/Kitfile", "manifestVersion: 1.0.0\ndatasets:\n  - name: train\n    path: train.csv\n");
        Work.WriteFile("data-kit/train.csv", "train rows");
        Kit.Run("pack", Work.Combine("data-kit"), "-t", $"{repo}:data").ShouldSucceed();
        Work.WriteFile("ctx/Kitfile", $"manifestVersion: 1.0.0\nmodel:\n  path: model.bin\ndatasets:\n  - name: reviews\n    path: data\n    remotePath: {repo}:data\n");
        Work.WriteFile("ctx/model.bin", "weights");
        Kit.Run("pack", Work.Combine("ctx"), "-t", $"{repo}:model").ShouldSucceed();
        KitNet(registry, "push", $"{repo}:data").ShouldSucceed();
        KitNet(registry, "push", $"{repo}:model").ShouldSucceed();

        using var home = new TempDir("kit-home-");
        var puller = new KitRunner(home.Path, Work.Combine("puller-sandbox"));
        var pulled = puller.Run("pull", $"{repo}:model", "--plain-http").ShouldSucceed();
        Assert.Contains($"Pulling referenced image {repo}:data", pulled.Stderr, StringComparison.Ordinal);

        await registry.DisposeAsync();
        var target = Work.Combine("out");
        puller.Run("unpack", $"{repo}:model", "-d", target, "--include-remote").ShouldSucceed();
        Assert.Equal("train rows", File.ReadAllText(Path.Combine(target, "data", "train.csv")));
    }
}
