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
    private const string Object = "datasets/reviews/train.csv";
    private const string Csv = "text,label\ngreat,1\n";

    /// <summary>Packs a kit whose dataset <c>reviews</c> is <paramref name="remotePath"/>; pack checks it exists with that ETag.</summary>
    private KitResult PackRemoteKit(FakeS3 s3, string remotePath, string remoteHash)
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
        return Kit.RunWithEnvironment(s3.Environment(), "pack", Work.Combine("ctx"), "-t", "remote:1");
    }

    private KitResult Unpack(FakeS3 s3, params string[] args) =>
        Kit.RunWithEnvironment(s3.Environment(), ["unpack", "remote:1", "-d", Work.Combine("out"), .. args]);

    [Fact]
    public async Task Pack_checks_the_object_and_unpack_downloads_it_to_its_path_with_a_signed_request_that_must_match_the_remote_hash()
    {
        await using var s3 = new FakeS3();
        var etag = s3.Put(Object, Csv);
        var packed = PackRemoteKit(s3, $"s3://{Object}?versionId=v7", etag).ShouldSucceed();
        Assert.Contains("Verified remote S3 dataset for path data/train.csv", packed.Stderr, StringComparison.Ordinal);
        var head = Assert.Single(s3.Requests);
        Assert.Equal(("HEAD", etag), (head.Method, head.Headers["If-Match"]));

        var result = Unpack(s3, "--include-remote").ShouldSucceed();
        var target = Work.Combine("out");
        Assert.Equal(Csv, File.ReadAllText(Path.Combine(target, "data", "train.csv")));
        Assert.Equal("weights", File.ReadAllText(Path.Combine(target, "model.bin")));
        Assert.Contains("Downloaded remote S3 dataset for path data/train.csv", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("--include-remote flag", result.Stderr, StringComparison.Ordinal);
        var get = s3.Requests.Last();
        Assert.Equal(("GET", "/" + Object, etag), (get.Method, get.Path, get.Headers["If-Match"]));
        Assert.Contains(new KeyValuePair<string, string>("versionId", "v7"), get.Query);
        // Signed with the S3_* keys for the S3_REGION, never sent in the clear.
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDKITTEST/", get.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Contains("/eu-west-1/s3/aws4_request", get.Headers["Authorization"], StringComparison.Ordinal);
        Assert.DoesNotContain("kit-test-secret-key", get.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(target, "data"), ".kit-tmp-*"));
    }

    [Fact]
    public async Task Pack_refuses_an_object_that_is_missing_or_not_the_one_the_kitfile_names()
    {
        await using var s3 = new FakeS3();
        var missing = PackRemoteKit(s3, "s3://datasets/reviews/nothing.csv", "0123").ShouldFail().SingleErrorLine();
        Assert.StartsWith("[ERROR] remote dataset s3://datasets/reviews/nothing.csv not found", missing, StringComparison.Ordinal);
        s3.Put(Object, Csv);
        var changed = PackRemoteKit(s3, $"s3://{Object}", "0123").ShouldFail().SingleErrorLine();
        Assert.Equal($"[ERROR] remote dataset s3://{Object} has changed: its ETag is no longer remoteHash 0123; update remoteHash in the Kitfile or pin the object with ?versionId=", changed);
        Assert.Empty(ListRows());
    }

    [Fact]
    public async Task Without_the_flag_remote_datasets_are_only_announced_and_nothing_is_fetched()
    {
        await using var s3 = new FakeS3();
        PackRemoteKit(s3, $"s3://{Object}", s3.Put(Object, Csv)).ShouldSucceed();
        var result = Unpack(s3).ShouldSucceed();

        Assert.Contains("ModelKit contains remote datasets. To unpack, specify the --include-remote flag", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Work.Combine("out", "data", "train.csv")));
        Assert.True(File.Exists(Work.Combine("out", "model.bin")));
        Assert.DoesNotContain(s3.Requests, r => r.Method == "GET");
    }

    [Fact]
    public async Task An_object_that_changed_since_the_pack_fails_in_one_line_and_leaves_no_file()
    {
        await using var s3 = new FakeS3();
        PackRemoteKit(s3, $"s3://{Object}", s3.Put(Object, Csv)).ShouldSucceed();
        var newer = s3.Put(Object, Csv + "bad,0\n");
        var error = Unpack(s3, "--include-remote").ShouldFail().SingleErrorLine();

        Assert.StartsWith($"[ERROR] remote dataset s3://{Object} has changed: its ETag is no longer remoteHash ", error, StringComparison.Ordinal);
        Assert.DoesNotContain(newer, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Work.Combine("out", "data")) && Directory.EnumerateFileSystemEntries(Work.Combine("out", "data")).Any());
    }

    [Fact]
    public async Task Bytes_that_do_not_match_the_objects_checksum_are_refused_and_leave_no_file()
    {
        await using var s3 = new FakeS3();
        // S3 claims the MD5 of the right bytes but sends others: a damaged transfer.
        var etag = s3.Put(Object, Csv.Replace('1', '0'), etag: s3.Put("datasets/other.csv", Csv));
        PackRemoteKit(s3, $"s3://{Object}", etag).ShouldSucceed();
        var error = Unpack(s3, "--include-remote").ShouldFail().SingleErrorLine();
        Assert.Equal($"[ERROR] remote dataset s3://{Object}: the downloaded bytes do not match the object's checksum; run the unpack again", error);
        Assert.Empty(Directory.GetFiles(Work.Combine("out", "data")));
    }

    [Fact]
    public async Task An_object_deleted_since_the_pack_is_named_in_one_line()
    {
        await using var s3 = new FakeS3();
        PackRemoteKit(s3, $"s3://{Object}", s3.Put(Object, Csv)).ShouldSucceed();
        s3.Remove(Object);
        var error = Unpack(s3, "--include-remote", "--filter", "datasets").ShouldFail().SingleErrorLine();
        Assert.Equal($"[ERROR] remote dataset s3://{Object} not found (NoSuchKey)", error);
    }

    [Fact]
    public async Task An_existing_file_at_the_dataset_path_stops_the_unpack_before_anything_is_written_unless_i_or_o()
    {
        await using var s3 = new FakeS3();
        PackRemoteKit(s3, $"s3://{Object}", s3.Put(Object, Csv)).ShouldSucceed();
        var target = Work.Combine("out");
        Work.WriteFile("out/data/train.csv", "mine");

        var error = Unpack(s3, "--include-remote").ShouldFail().SingleErrorLine();
        Assert.Contains("already exists", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, "model.bin")));

        Unpack(s3, "--include-remote", "-i").ShouldSucceed();
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "data", "train.csv")));
        Assert.DoesNotContain(s3.Requests, r => r.Method == "GET");

        Unpack(s3, "--include-remote", "-o").ShouldSucceed();
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
