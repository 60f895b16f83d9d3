using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>kit pull and kit push through a <see cref="FaultProxy"/> in front of a plain-HTTP registry: resets, error statuses, stalls, a lying registry.</summary>
public sealed class TransferFaultTests : TransferTestBase
{
    private const int LargeModel = 8 << 20;

    /// <summary>Packs a kit with an 8 MiB random model and pushes it straight to the registry (not through the proxy).</summary>
    private async Task<(RegistryFixture Registry, FaultProxy Proxy, string Digest, List<Layer> Blobs)> LargeKitAsync(string repository)
    {
        var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var digest = Pack(RandomKitContext("large", LargeModel, seed: 42), "-t", $"{registry.HostPort}/{repository}");
        Assert.Equal(digest, Pushed(KitNet(registry, "push", $"{registry.HostPort}/{repository}").ShouldSucceed()));
        return (registry, FaultProxy.For(registry), digest, Blobs(Kit, digest));
    }

    [RegistryFact]
    public async Task Connection_reset_in_the_middle_of_a_large_blob_is_resumed()
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _ = registry;
        await using var __ = proxy;
        var puller = FreshHome("puller");
        proxy.ResetAfter(LargeModel / 2, ProxyDirection.ToClient);

        var pull = puller.Run("pull", $"{proxy.HostPort}/org/large:v1", "--plain-http").ShouldSucceed();
        Assert.Equal(digest, Pulled(pull));
        Assert.Equal(1, proxy.Resets);
        // Resumed with a range request, not started over: well under two copies of the model crossed the wire.
        Assert.True(proxy.BytesToClient < LargeModel * 3 / 2, $"{proxy.BytesToClient} bytes for an {LargeModel}-byte model");
        Assert.Equal(blobs.Select(b => b.Digest).Append(digest).Order(StringComparer.Ordinal), StoreBlobDigests(puller));
        AssertIntact(puller);
        Assert.Equal([($"{proxy.HostPort}/org/large", "v1", digest)], Rows(puller));
        puller.Run("unpack", $"{proxy.HostPort}/org/large:v1", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(File.ReadAllBytes(Work.Combine("large", "model.bin")), File.ReadAllBytes(Work.Combine("out", "model.bin")));
    }

    [RegistryFact]
    public async Task Pull_that_gives_up_keeps_its_partial_download_and_the_next_pull_resumes_it()
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var model = blobs.Single(b => b.MediaType.Contains(".model.", StringComparison.Ordinal));
        var puller = FreshHome("puller");
        for (var i = 0; i < 8; i++)
            proxy.ResetAfter(1 << 20, ProxyDirection.ToClient);

        var line = puller.Run("pull", $"{proxy.HostPort}/org/large:v1", "--plain-http").ShouldFail().SingleErrorLine();
        Assert.Contains(proxy.HostPort, line, StringComparison.Ordinal);
        Assert.DoesNotContain(model.Digest, StoreBlobDigests(puller));
        Assert.Empty(Rows(puller));
        var partial = Path.Combine(puller.Storage, "ingest", model.Digest["sha256:".Length..] + ".partial");
        Assert.True(File.Exists(partial), "no partial download kept in ingest/: " + string.Join(", ", Directory.GetFiles(Path.Combine(puller.Storage, "ingest"))));
        // Every byte kit read before each reset is kept (what the kernel dropped with the reset never arrived), and it
        // is a true prefix of the blob.
        var kept = File.ReadAllBytes(partial);
        Assert.NotEmpty(kept);
        Assert.Equal(File.ReadAllBytes(BlobPath(Kit, model.Digest))[..kept.Length], kept);

        proxy.ClearFaults();
        var before = proxy.BytesToClient;
        var pull = puller.Run("pull", $"{proxy.HostPort}/org/large:v1", "--plain-http").ShouldSucceed();
        Assert.Equal(digest, Pulled(pull));
        Assert.Contains(Abbreviated(model.Digest), BlobsReported(pull, "downloaded (resumed)"));
        Assert.True(proxy.BytesToClient - before < model.Size - kept.Length + (64 << 10), $"second pull moved {proxy.BytesToClient - before} bytes with {kept.Length} kept");
        Assert.False(File.Exists(partial));
        AssertIntact(puller);
        Assert.Equal([($"{proxy.HostPort}/org/large", "v1", digest)], Rows(puller));
    }

    [RegistryFact]
    public async Task Connection_reset_in_the_middle_of_an_upload_is_retried()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var digest = Pack(RandomKitContext("up", LargeModel, seed: 9), "-t", $"{proxy.HostPort}/org/up:v1");
        proxy.ResetAfter(LargeModel / 2, ProxyDirection.ToServer);
        Assert.Equal(digest, Pushed(Kit.Run("push", $"{proxy.HostPort}/org/up:v1", "--plain-http").ShouldSucceed()));
        Assert.Equal(1, proxy.Resets);
        var check = FreshHome("check");
        Assert.Equal(digest, Pulled(Net(check, registry, "pull", $"{registry.HostPort}/org/up:v1").ShouldSucceed()));
        Assert.Equal(StoreBlobDigests(Kit), StoreBlobDigests(check));
        AssertIntact(check);
    }

    [RegistryFact]
    public async Task Two_concurrent_pulls_into_one_store_both_succeed_and_store_each_blob_once()
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var puller = FreshHome("puller");
        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            Task.Run(() => Net(puller, registry, "pull", $"{registry.HostPort}/org/large:v1"))));
        foreach (var r in results)
            Assert.Equal(digest, Pulled(r.ShouldSucceed()));
        Assert.Equal(blobs.Select(b => b.Digest).Append(digest).Order(StringComparer.Ordinal), StoreBlobDigests(puller));
        AssertIntact(puller);
        Assert.Equal([($"{registry.HostPort}/org/large", "v1", digest)], Rows(puller));
    }

    [RegistryFact]
    public async Task Registry_missing_a_blob_or_sending_the_wrong_size_fails_with_one_line()
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var model = blobs.Single(b => b.MediaType.Contains(".model.", StringComparison.Ordinal));
        var data = registry.BlobDataPath(model.Digest);
        File.WriteAllBytes(data, File.ReadAllBytes(data)[..^1000]);
        var puller = FreshHome("puller");
        var shortBlob = Net(puller, registry, "pull", $"{registry.HostPort}/org/large:v1").ShouldFail().SingleErrorLine();
        Assert.Contains(model.Digest, shortBlob, StringComparison.Ordinal);
        Assert.DoesNotContain(model.Digest, StoreBlobDigests(puller));
        Assert.Empty(Rows(puller));

        Directory.Delete(Path.GetDirectoryName(data)!, recursive: true);
        var missing = Net(puller, registry, "pull", $"{registry.HostPort}/org/large:v1").ShouldFail().SingleErrorLine();
        Assert.Contains(model.Digest, missing, StringComparison.Ordinal);
        Assert.Contains("not found", missing, StringComparison.Ordinal);
        Assert.DoesNotContain(model.Digest, StoreBlobDigests(puller));
        Assert.Empty(Rows(puller));
        AssertIntact(puller);
    }

    [RegistryFact]
    public async Task Pull_killed_mid_download_is_resumed_by_the_next_pull()
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var model = blobs.Single(b => b.MediaType.Contains(".model.", StringComparison.Ordinal));
        var puller = FreshHome("puller");
        proxy.StallAfter(6 << 20, ProxyDirection.ToClient); // until released: the pull hangs after 6 MiB

        var psi = puller.BinaryStartInfo("pull", $"{proxy.HostPort}/org/large:v1", "--plain-http");
        psi.RedirectStandardInput = false;
        using (var process = System.Diagnostics.Process.Start(psi)!)
        {
            var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (proxy.BytesToClient < 6 << 20 && !process.HasExited && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            if (process.HasExited)
                Assert.Fail("kit pull ended before it reached the stall: " + string.Join("\n", await output));
            await Task.Delay(300); // let the received bytes reach kit's buffers and file
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await output;
        }
        proxy.ClearFaults();
        Assert.Empty(Rows(puller));
        Assert.DoesNotContain(model.Digest, StoreBlobDigests(puller));

        var before = proxy.BytesToClient;
        var pull = puller.Run("pull", $"{proxy.HostPort}/org/large:v1", "--plain-http").ShouldSucceed();
        Assert.Equal(digest, Pulled(pull));
        Assert.Contains(Abbreviated(model.Digest), BlobsReported(pull, "downloaded (resumed)"));
        Assert.True(proxy.BytesToClient - before < model.Size - (1 << 20), $"the second pull moved {proxy.BytesToClient - before} bytes of a {model.Size}-byte blob");
        AssertIntact(puller);
        Assert.Equal([($"{proxy.HostPort}/org/large", "v1", digest)], Rows(puller));
    }

    [RegistryFact]
    public async Task A_corrupt_partial_download_left_in_the_store_is_discarded_and_the_pull_succeeds()
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var model = blobs.Single(b => b.MediaType.Contains(".model.", StringComparison.Ordinal));
        var puller = FreshHome("puller");
        // Leave garbage where a previous run's partial download would be (the store layout is created by a first command).
        puller.Run("list").ShouldSucceed();
        var ingest = Path.Combine(puller.Storage, "ingest");
        Directory.CreateDirectory(ingest);
        var garbage = new byte[1 << 20];
        new Random(11).NextBytes(garbage);
        var partial = Path.Combine(ingest, model.Digest["sha256:".Length..] + ".partial");
        File.WriteAllBytes(partial, garbage);

        Assert.Equal(digest, Pulled(Net(puller, registry, "pull", $"{registry.HostPort}/org/large:v1").ShouldSucceed()));
        AssertIntact(puller);
        Assert.False(File.Exists(partial));
        Assert.Equal([($"{registry.HostPort}/org/large", "v1", digest)], Rows(puller));
    }

    [RegistryFact]
    public async Task Reset_before_the_response_and_pull_by_digest()
    {
        var (registry, proxy, digest, _) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var puller = FreshHome("puller");
        proxy.ResetAfter(10, ProxyDirection.ToClient); // the first answer (the manifest's) dies in its status line
        Assert.Equal(digest, Pulled(puller.Run("pull", $"{proxy.HostPort}/org/large@{digest}", "--plain-http").ShouldSucceed()));
        Assert.Equal(1, proxy.Resets);
        // By digest: recorded without a tag.
        Assert.Equal([($"{proxy.HostPort}/org/large", null, digest)], Rows(puller));
        AssertIntact(puller);
    }

    [RegistryFact]
    public async Task A_registry_that_keeps_failing_is_given_up_on_with_one_line_and_nothing_stored()
    {
        var (registry, proxy, _, _) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var puller = FreshHome("puller");
        proxy.InjectStatus(503, 100);
        var line = puller.Run("pull", $"{proxy.HostPort}/org/large:v1", "--plain-http").ShouldFail().SingleErrorLine();
        Assert.Contains("503", line, StringComparison.Ordinal);
        Assert.Contains(proxy.HostPort, line, StringComparison.Ordinal);
        Assert.InRange(proxy.InjectedResponses, 2, 20); // retried, but not forever
        Assert.Empty(StoreBlobDigests(puller));
        Assert.Empty(Rows(puller));
    }

    [RegistryTheory]
    [InlineData(500, null)]
    [InlineData(503, null)]
    [InlineData(429, "1")]
    public async Task Error_statuses_on_pull_and_push_are_retried(int status, string? retryAfter)
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;

        // Pull: the manifest GET and a blob GET are each answered with the status once.
        var puller = FreshHome("puller");
        proxy.InjectStatus(status, 1, retryAfter, "GET /v2/org/large/manifests/");
        proxy.InjectStatus(status, 1, retryAfter, "GET /v2/org/large/blobs/");
        var pull = puller.Run("pull", $"{proxy.HostPort}/org/large:v1", "--plain-http").ShouldSucceed();
        Assert.Equal(digest, Pulled(pull));
        Assert.Equal(2, proxy.InjectedResponses);
        Assert.Equal(blobs.Select(b => b.Digest).Append(digest).Order(StringComparer.Ordinal), StoreBlobDigests(puller));
        AssertIntact(puller);

        // Push to a repository that has none of the blobs (the proxy's address is another registry name to kit, so
        // nothing is mounted): the upload POST, a blob PUT (with its 8 MiB body) and the manifest PUT each fail once.
        proxy.InjectStatus(status, 1, retryAfter, "POST /v2/other/copy/blobs/uploads/");
        proxy.InjectStatus(status, 1, retryAfter, "PUT /v2/other/copy/blobs/uploads/");
        proxy.InjectStatus(status, 1, retryAfter, "PUT /v2/other/copy/manifests/");
        var push = Kit.Run("push", $"{registry.HostPort}/org/large:v1", $"{proxy.HostPort}/other/copy:v1", "--plain-http").ShouldSucceed();
        Assert.Equal(digest, Pushed(push));
        Assert.Equal(5, proxy.InjectedResponses);
        Assert.Equal(blobs.Select(b => Abbreviated(b.Digest)).ToHashSet(), BlobsReported(push, "uploaded").Where(d => d != Abbreviated(digest)).ToHashSet());
        // What the registry now holds under the new name is the same kit.
        var check = FreshHome("check");
        Assert.Equal(digest, Pulled(Net(check, registry, "pull", $"{registry.HostPort}/other/copy:v1").ShouldSucceed()));
        AssertIntact(check);
        Assert.Equal(StoreBlobDigests(puller), StoreBlobDigests(check));
    }

    [RegistryFact]
    public async Task Stalled_download_completes()
    {
        var (registry, proxy, digest, _) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var puller = FreshHome("puller");
        proxy.StallAfter(1 << 20, ProxyDirection.ToClient, TimeSpan.FromSeconds(3));
        Assert.Equal(digest, Pulled(puller.Run("pull", $"{proxy.HostPort}/org/large:v1", "--plain-http").ShouldSucceed()));
        AssertIntact(puller);
    }

    [RegistryFact]
    public async Task Stalled_upload_completes()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var digest = Pack(RandomKitContext("up", 2 << 20, seed: 5), "-t", $"{proxy.HostPort}/org/up:v1");
        proxy.StallAfter(1 << 20, ProxyDirection.ToServer, TimeSpan.FromSeconds(3));
        Assert.Equal(digest, Pushed(Kit.Run("push", $"{proxy.HostPort}/org/up:v1", "--plain-http").ShouldSucceed()));
        var check = FreshHome("check");
        Assert.Equal(digest, Pulled(Net(check, registry, "pull", $"{registry.HostPort}/org/up:v1").ShouldSucceed()));
        AssertIntact(check);
    }

    /// <summary>A stall interval short enough for tests.</summary>
    private static readonly Dictionary<string, string?> QuickStalls = new() { ["KIT_STALL_TIMEOUT"] = "1" };

    [RegistryFact]
    public async Task Download_that_stalls_for_good_is_given_up_and_resumed_from_what_arrived()
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var puller = FreshHome("puller");
        // The registry's answer starts, then nothing more comes on that connection, ever.
        proxy.StallAfter(LargeModel / 2, ProxyDirection.ToClient);

        var pull = puller.RunWithEnvironment(QuickStalls, "pull", $"{proxy.HostPort}/org/large:v1", "--plain-http").ShouldSucceed();
        Assert.Equal(digest, Pulled(pull));
        Assert.Contains("no data from the registry for 1 s", pull.Stderr, StringComparison.Ordinal);
        // Resumed with a range request, not started over.
        Assert.True(proxy.BytesToClient < LargeModel * 3 / 2, $"{proxy.BytesToClient} bytes for an {LargeModel}-byte model");
        Assert.Equal(blobs.Select(b => b.Digest).Append(digest).Order(StringComparer.Ordinal), StoreBlobDigests(puller));
        AssertIntact(puller);
    }

    [RegistryFact]
    public async Task Chunked_upload_that_stalls_for_good_is_given_up_and_completed()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var digest = Pack(RandomKitContext("up", LargeModel, seed: 21), "-t", $"{proxy.HostPort}/org/up:v1");
        // 1 MiB chunks; the registry stops taking bytes in the middle of the fifth, for good.
        proxy.StallAfter(LargeModel / 2 + (512 << 10), ProxyDirection.ToServer);
        var environment = new Dictionary<string, string?>(QuickStalls) { ["KIT_UPLOAD_CHUNK_MIB"] = "1" };

        var push = Kit.RunWithEnvironment(environment, "push", $"{proxy.HostPort}/org/up:v1", "--plain-http", "-vv").ShouldSucceed();
        Assert.Equal(digest, Pushed(push));
        Assert.Contains("no answer from the registry for 1 s (PATCH ", push.Stderr, StringComparison.Ordinal);
        // kit asks the registry how much of the session it kept. (docker-registry answers 404 while the stalled PATCH
        // still holds the session, so here the upload then starts over in a new one.)
        Assert.Matches(@"GET http://[^ ]+/v2/org/up/blobs/uploads/[^ ]+ -> ", push.Stderr);
        var check = FreshHome("check");
        Assert.Equal(digest, Pulled(Net(check, registry, "pull", $"{registry.HostPort}/org/up:v1").ShouldSucceed()));
        Assert.Equal(StoreBlobDigests(Kit), StoreBlobDigests(check));
        AssertIntact(check);
    }

    [RegistryTheory]
    [InlineData("pull")]
    [InlineData("push")]
    public async Task A_transfer_that_stalls_every_time_fails_with_one_line(string verb)
    {
        var (registry, proxy, _, _) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var runner = verb == "pull" ? FreshHome("puller") : Kit;
        for (var i = 0; i < 40; i++)
            proxy.StallAfter(1 << 20, verb == "pull" ? ProxyDirection.ToClient : ProxyDirection.ToServer);

        var args = verb == "pull"
            ? new[] { "pull", $"{proxy.HostPort}/org/large:v1", "--plain-http" }
            : ["push", $"{registry.HostPort}/org/large:v1", $"{proxy.HostPort}/other/copy:v1", "--plain-http"];
        var result = runner.RunWithEnvironment(QuickStalls, args).ShouldFail();
        var line = result.SingleErrorLine();
        Assert.Contains($"registry {proxy.HostPort}: transfer of", line, StringComparison.Ordinal);
        Assert.Contains("stalled", line, StringComparison.Ordinal);
        Assert.Contains("for 1 s", line, StringComparison.Ordinal);
        Assert.Contains("KIT_STALL_TIMEOUT", line, StringComparison.Ordinal);
        if (verb == "pull")
            Assert.Empty(Rows(runner));
    }

    [RegistryFact]
    public async Task Registry_serving_a_wrong_blob_fails_the_pull_and_stores_nothing_for_it()
    {
        var (registry, proxy, digest, blobs) = await LargeKitAsync("org/large:v1");
        await using var _r = registry;
        await using var _p = proxy;
        var model = blobs.Single(b => b.MediaType.Contains(".model.", StringComparison.Ordinal));
        var data = registry.BlobDataPath(model.Digest);
        Assert.True(File.Exists(data), registry.Describe($"no blob data at {data}"));
        var bytes = File.ReadAllBytes(data);
        bytes[bytes.Length / 2] ^= 0xFF; // same size, different content
        File.WriteAllBytes(data, bytes);

        var puller = FreshHome("puller");
        var line = Net(puller, registry, "pull", $"{registry.HostPort}/org/large:v1").ShouldFail().SingleErrorLine();
        Assert.Contains(model.Digest, line, StringComparison.Ordinal);
        Assert.Contains("mismatch", line, StringComparison.Ordinal);
        Assert.DoesNotContain(model.Digest, StoreBlobDigests(puller));
        Assert.DoesNotContain(digest, StoreBlobDigests(puller));
        Assert.Empty(Rows(puller));
        AssertIntact(puller);

        // Remote unpack of the same kit fails the same way and writes no model file.
        var unpack = Net(puller, registry, "unpack", $"{registry.HostPort}/org/large:v1", "-d", Work.Combine("out")).ShouldFail().SingleErrorLine();
        Assert.Contains(model.Digest, unpack, StringComparison.Ordinal);
        Assert.False(File.Exists(Work.Combine("out", "model.bin")));
        Assert.DoesNotContain(model.Digest, StoreBlobDigests(puller));
    }
}
