using System.Text;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>kit push, kit pull and kit unpack of a remote reference against the real registry in every mode.</summary>
public sealed class PushPullTests : TransferTestBase
{
    private const string ModelLayer = "application/vnd.kitops.modelkit.model.v1.tar";
    private const string ModelPartLayer = "application/vnd.kitops.modelkit.modelpart.v1.tar";

    [RegistryTheory]
    [InlineData(RegistryMode.PlainHttp)]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Push_pull_and_remote_unpack_round_trip(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        var host = registry.HostPort;
        var source = Path.Combine(RepoPaths.Examples, "sentiment");
        var digest = Pack(source, "-t", $"{host}/org/model:v1");

        if (mode != RegistryMode.PlainHttp)
        {
            // Logged out: refused with one line that says how to log in, and nothing lands in the registry.
            var denied = KitNet(registry, "push", $"{host}/org/model:v1").ShouldFail();
            Assert.Contains("kit login " + host, denied.SingleErrorLine(), StringComparison.Ordinal);
            Assert.DoesNotContain("Pushed", denied.Stdout, StringComparison.Ordinal);
            // Stored credentials with a wrong password: also one line, and the password is never shown.
            var wrong = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.Username}:wrong-Pa55"));
            File.WriteAllText(CredentialsFile, "{\"auths\":{\"" + host + "\":{\"auth\":\"" + wrong + "\"}}}");
            var refused = KitNet(registry, "push", $"{host}/org/model:v1").ShouldFail();
            refused.SingleErrorLine();
            AssertSecretAbsent(refused, "wrong-Pa55");
            File.Delete(CredentialsFile);
            LogIn(Kit, registry);
            Assert.Contains("not found", KitNet(registry, "inspect", "-r", $"{host}/org/model:v1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        }

        var push = KitNet(registry, "push", $"{host}/org/model:v1").ShouldSucceed();
        Assert.Equal(digest, Pushed(push));
        Assert.Contains($"Pushing {host}/org/model:v1", push.Stderr, StringComparison.Ordinal);
        // DESTINATION differs from SOURCE: same manifest, every blob already in the registry (mounted or skipped, never uploaded again).
        var copy = KitNet(registry, "push", $"{host}/org/model:v1", $"{host}/team/copy:v2").ShouldSucceed();
        Assert.Equal(digest, Pushed(copy));
        Assert.Contains($"Pushing {host}/org/model:v1 to {host}/team/copy:v2", copy.Stderr, StringComparison.Ordinal);
        var blobs = Blobs(Kit, digest);
        Assert.Equal([Abbreviated(digest)], BlobsReported(copy, "uploaded")); // only the manifest PUT
        // A new repository holds none of the blobs, so each one is mounted (in token mode the token covers org/model:pull too).
        Assert.Equal(blobs.Select(b => Abbreviated(b.Digest)).ToHashSet(), BlobsReported(copy, "mounted from another repository"));

        var expected = Work.Combine("expected");
        Kit.Run("unpack", $"{host}/org/model:v1", "-d", expected).ShouldSucceed();

        // Pull into a fresh store: same digest, listed under the registry name, intact, unpacks to the same files.
        var puller = FreshHome("puller");
        LogIn(puller, registry);
        var pull = Net(puller, registry, "pull", $"{host}/org/model:v1").ShouldSucceed();
        Assert.Equal(digest, Pulled(pull));
        Assert.Equal(digest, Pulled(Net(puller, registry, "pull", $"{host}/team/copy:v2").ShouldSucceed()));
        Assert.Equal([($"{host}/org/model", "v1", digest), ($"{host}/team/copy", "v2", digest)], Rows(puller));
        Assert.Equal(StoreBlobDigests(Kit), StoreBlobDigests(puller));
        var pulledDir = Work.Combine("pulled");
        puller.Run("unpack", $"{host}/org/model:v1", "-d", pulledDir).ShouldSucceed();
        AssertSameTree(expected, pulledDir);
        // By digest: nothing new to fetch, and no tag added.
        Assert.Equal(digest, Pulled(Net(puller, registry, "pull", $"{host}/org/model@{digest}").ShouldSucceed()));
        Assert.Equal(2, Rows(puller).Count);

        // Remote unpack with a filter in another fresh store: config and the model layers only, nothing named.
        var unpacker = FreshHome("unpacker");
        LogIn(unpacker, registry);
        var modelDir = Work.Combine("model-only");
        var first = Net(unpacker, registry, "unpack", $"{host}/org/model:v1", "--filter", "model", "-d", modelDir).ShouldSucceed();
        var wanted = blobs.Where(b => b.MediaType is ModelLayer or ModelPartLayer).Prepend(blobs[0]).ToList();
        Assert.Equal(3, wanted.Count); // config, model, vocabulary part
        Assert.Equal(wanted.Select(b => Abbreviated(b.Digest)).ToHashSet(), BlobsReported(first, "downloaded").Where(s => s != Abbreviated(digest)).ToHashSet());
        Assert.Equal(wanted.Select(b => b.Digest).Append(digest).Order(StringComparer.Ordinal), StoreBlobDigests(unpacker));
        Assert.Equal(FilesUnder(expected).Where(f => f.StartsWith("model/", StringComparison.Ordinal)), FilesUnder(modelDir));
        Assert.Empty(Rows(unpacker));
        // The same unpack again fetches no blob: config and layers are reported as already present.
        var again = Net(unpacker, registry, "unpack", $"{host}/org/model:v1", "--filter", "model", "-d", Work.Combine("model-again")).ShouldSucceed();
        Assert.Equal([Abbreviated(digest)], BlobsReported(again, "downloaded")); // the manifest is always read from the registry
        Assert.Equal(wanted.Select(b => Abbreviated(b.Digest)).ToHashSet(), BlobsReported(again, "skipped (already present)"));
        Assert.Equal(wanted.Select(b => b.Digest).Append(digest).Order(StringComparer.Ordinal), StoreBlobDigests(unpacker));
        AssertSameTree(modelDir, Work.Combine("model-again"));

        if (mode == RegistryMode.TlsTokenAuth)
            Assert.Contains(registry.TokenIssuer!.Requests, r => r.Scopes.Contains("repository:org/model:pull,push"));
    }

    [RegistryFact]
    public async Task Remote_unpack_with_a_filter_transfers_only_the_selected_layers()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        const int modelSize = 256 << 10;
        var context = RandomKitContext("filtered", modelSize, datasetText: RandomText(2 << 20));
        var digest = Pack(context, "-t", $"{registry.HostPort}/org/filtered:v1");
        KitNet(registry, "push", $"{registry.HostPort}/org/filtered:v1").ShouldSucceed();

        var unpacker = FreshHome("unpacker");
        unpacker.Run("unpack", $"{proxy.HostPort}/org/filtered:v1", "--filter", "model", "-d", Work.Combine("out"), "--plain-http").ShouldSucceed();
        var first = proxy.BytesToClient;
        Assert.InRange(first, modelSize, 2 * modelSize); // the 2 MiB dataset never crossed the wire
        Assert.Equal(["model.bin"], FilesUnder(Work.Combine("out")));

        unpacker.Run("unpack", $"{proxy.HostPort}/org/filtered:v1", "--filter", "model", "-d", Work.Combine("out2"), "--plain-http").ShouldSucceed();
        Assert.InRange(proxy.BytesToClient - first, 1, 64 << 10); // manifest and HTTP heads only
        Assert.Equal(3, StoreBlobDigests(unpacker).Length); // manifest, config, model
        Assert.Contains(digest, StoreBlobDigests(unpacker));

        // What remote unpack keeps is a cache: counted by cache info and storage info, kept by removals, freed by cache clear.
        var info = unpacker.Run("cache", "info").ShouldSucceed().Stdout;
        Assert.Contains("Kept by remote unpack in storage:", info, StringComparison.Ordinal);
        Assert.Contains("in 3 blob(s)", info, StringComparison.Ordinal);
        Assert.Contains("Remote unpack:", unpacker.Run("storage", "info").ShouldSucceed().Stdout, StringComparison.Ordinal);
        unpacker.Run("pack", RandomKitContext("other", 4 << 10), "-t", "other:1").ShouldSucceed();
        unpacker.Run("remove", "other:1").ShouldSucceed();
        Assert.Equal(3, StoreBlobDigests(unpacker).Length);
        unpacker.Run("cache", "clear").ShouldSucceed();
        Assert.Empty(StoreBlobDigests(unpacker));
        Assert.Equal("Cache is currently empty", unpacker.Run("cache", "info").ShouldSucceed().Stdout.Trim());
    }

    [RegistryFact]
    public async Task Pull_of_a_second_kit_transfers_only_its_new_blobs_and_stores_each_blob_once()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        var host = registry.HostPort;
        var context = RandomKitContext("shared", 1 << 20);
        var a = Pack(context, "-t", $"{host}/org/a:1");
        Work.WriteFile("shared/data.csv", "a,b\n1,2\n3,4\n"); // one changed file: only the dataset layer (and config, manifest) differ
        var b = Pack(context, "-t", $"{host}/org/b:1");
        Assert.NotEqual(a, b);
        KitNet(registry, "push", $"{host}/org/a:1").ShouldSucceed();
        KitNet(registry, "push", $"{host}/org/b:1").ShouldSucceed();
        var blobsA = Blobs(Kit, a);
        var blobsB = Blobs(Kit, b);
        var shared = blobsB.Where(x => blobsA.Any(y => y.Digest == x.Digest)).ToList();
        var fresh = blobsB.Except(shared).ToList();
        Assert.Equal(2, shared.Count); // model and docs
        Assert.Equal(2, fresh.Count); // config and dataset

        var puller = FreshHome("puller");
        Assert.Equal(a, Pulled(puller.Run("pull", $"{proxy.HostPort}/org/a:1", "--plain-http").ShouldSucceed()));
        var afterA = proxy.BytesToClient;
        Assert.True(afterA > 1 << 20, $"the first pull moved only {afterA} bytes");
        var second = puller.Run("pull", $"{proxy.HostPort}/org/b:1", "--plain-http").ShouldSucceed();
        Assert.Equal(b, Pulled(second));
        var delta = proxy.BytesToClient - afterA;
        var freshBytes = fresh.Sum(x => x.Size);
        Assert.True(delta >= freshBytes && delta < shared.Sum(x => x.Size), $"second pull moved {delta} bytes; new blobs are {freshBytes}, shared {shared.Sum(x => x.Size)}");
        Assert.Equal(shared.Select(x => Abbreviated(x.Digest)).ToHashSet(), BlobsReported(second, "skipped (already present)"));

        var all = blobsA.Concat(blobsB).Select(x => x.Digest).Append(a).Append(b).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(all, StoreBlobDigests(puller));
        Assert.Equal([($"{proxy.HostPort}/org/a", "1", a), ($"{proxy.HostPort}/org/b", "1", b)], Rows(puller));
        AssertIntact(puller);
    }

    [RegistryFact]
    public async Task Push_falls_back_to_an_upload_when_the_mount_source_no_longer_has_the_blobs()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var host = registry.HostPort;
        var digest = Pack(RandomKitContext("kit", 512 << 10, seed: 21), "-t", $"{host}/org/a:1");
        KitNet(registry, "push", $"{host}/org/a:1").ShouldSucceed();
        var blobs = Blobs(Kit, digest);
        // Unlink every blob from org/a: kit still believes org/a has them (its index says it pushed there), the registry
        // answers the mount with 202 and an upload session, which kit must use for an ordinary upload.
        using (var client = new HttpClient(registry.CreateTransport()) { BaseAddress = registry.BaseAddress })
        {
            foreach (var blob in blobs)
            {
                using var deleted = await client.DeleteAsync($"/v2/org/a/blobs/{blob.Digest}");
                Assert.True(deleted.IsSuccessStatusCode, registry.Describe($"blob DELETE answered {deleted.StatusCode}"));
            }
        }

        var push = KitNet(registry, "push", $"{host}/org/a:1", $"{host}/org/b:1").ShouldSucceed();
        Assert.Equal(digest, Pushed(push));
        Assert.Equal(blobs.Select(b => Abbreviated(b.Digest)).Append(Abbreviated(digest)).ToHashSet(), BlobsReported(push, "uploaded"));
        var puller = FreshHome("puller");
        Assert.Equal(digest, Pulled(Net(puller, registry, "pull", $"{host}/org/b:1").ShouldSucceed()));
        AssertIntact(puller);
        Assert.Equal(StoreBlobDigests(Kit), StoreBlobDigests(puller));
    }

    [RegistryFact]
    public async Task Manifest_refused_by_the_registry_fails_the_push_with_one_line()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var proxy = FaultProxy.For(registry);
        Pack(RandomKitContext("kit", 1024, seed: 2), "-t", $"{proxy.HostPort}/org/refused:1");
        proxy.InjectStatus(400, 1, null, "PUT /v2/org/refused/manifests/");
        var push = Kit.Run("push", $"{proxy.HostPort}/org/refused:1", "--plain-http").ShouldFail();
        var line = push.SingleErrorLine();
        Assert.Contains("400", line, StringComparison.Ordinal);
        Assert.Contains(proxy.HostPort, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Pushed", push.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, proxy.InjectedResponses); // a 400 is not retried
        Assert.Contains("not found", KitNet(registry, "inspect", "-r", $"{registry.HostPort}/org/refused:1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [RegistryTheory]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Tls_push_and_pull_verify_the_certificate_when_its_CA_is_trusted_through_SSL_CERT_FILE(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        var host = registry.HostPort;
        var trust = new Dictionary<string, string?> { ["SSL_CERT_FILE"] = registry.CaCertPath };
        var digest = Pack(RandomKitContext("kit", 4096, seed: 4), "-t", $"{host}/org/verified:1");
        Kit.RunWithEnvironment(trust, "login", host, "-u", registry.Username, "-p", registry.Password).ShouldSucceed();
        // Without the CA the certificate is refused, and nothing is sent.
        Assert.Contains("TLS", Kit.Run("push", $"{host}/org/verified:1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Equal(digest, Pushed(Kit.RunWithEnvironment(trust, "push", $"{host}/org/verified:1").ShouldSucceed()));

        var puller = FreshHome("puller");
        puller.RunWithEnvironment(trust, "login", host, "-u", registry.Username, "-p", registry.Password).ShouldSucceed();
        Assert.Equal(digest, Pulled(puller.RunWithEnvironment(trust, "pull", $"{host}/org/verified:1").ShouldSucceed()));
        AssertIntact(puller);
        var unpacker = FreshHome("unpacker");
        unpacker.RunWithEnvironment(trust, "login", host, "-u", registry.Username, "-p", registry.Password).ShouldSucceed();
        unpacker.RunWithEnvironment(trust, "unpack", $"{host}/org/verified:1", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(File.ReadAllBytes(Work.Combine("kit", "model.bin")), File.ReadAllBytes(Work.Combine("out", "model.bin")));
    }

    [RegistryFact]
    public async Task Push_of_a_corrupt_local_blob_is_refused_and_the_registry_gets_no_manifest()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var host = registry.HostPort;
        var digest = Pack(RandomKitContext("kit", 64 << 10, seed: 8), "-t", $"{host}/org/corrupt:1");
        var model = Blobs(Kit, digest).Single(b => b.MediaType == ModelLayer);
        var path = BlobPath(Kit, model.Digest);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bytes = File.ReadAllBytes(path);
        bytes[^2000] ^= 0x55;
        File.WriteAllBytes(path, bytes);

        var line = KitNet(registry, "push", $"{host}/org/corrupt:1").ShouldFail().SingleErrorLine();
        Assert.Contains(model.Digest, line, StringComparison.Ordinal);
        Assert.Contains("local copy is corrupt", line, StringComparison.Ordinal);
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("not found", KitNet(registry, "inspect", "-r", $"{host}/org/corrupt:1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [RegistryFact]
    public async Task Anonymous_pull_from_a_public_repository_works_but_anonymous_push_is_refused()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        registry.TokenIssuer!.AnonymousActions = ["pull"];
        var host = registry.HostPort;
        var digest = Pack(RandomKitContext("kit", 4096, seed: 12), "-t", $"{host}/public/kit:1");
        var denied = KitNet(registry, "push", $"{host}/public/kit:1").ShouldFail().SingleErrorLine();
        Assert.Contains("kit login " + host, denied, StringComparison.Ordinal);
        LogIn(Kit, registry);
        KitNet(registry, "push", $"{host}/public/kit:1").ShouldSucceed();

        var anonymous = FreshHome("anonymous");
        Assert.Equal(digest, Pulled(Net(anonymous, registry, "pull", $"{host}/public/kit:1").ShouldSucceed()));
        AssertIntact(anonymous);
        Net(anonymous, registry, "unpack", $"{host}/public/kit:1", "--filter", "model", "-d", Work.Combine("out")).ShouldSucceed();
        Assert.Equal(["model.bin"], FilesUnder(Work.Combine("out")));
        Assert.Contains("kit login " + host, Net(anonymous, registry, "push", $"{host}/public/kit:1", $"{host}/public/copy:1").ShouldFail().SingleErrorLine(),
            StringComparison.Ordinal);
        Assert.Contains(registry.TokenIssuer.Requests, r => r.User is null && r.Scopes.Contains("repository:public/kit:pull"));
    }

    [RegistryFact]
    public async Task Transfers_that_outlive_their_bearer_token_fetch_a_new_one()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsTokenAuth);
        await using var proxy = FaultProxy.For(registry); // TLS passes through as bytes
        registry.TokenIssuer!.ExpiresIn = 1;
        var digest = Pack(RandomKitContext("kit", 4 << 20, seed: 13), "-t", $"{proxy.HostPort}/org/slow:1");
        Kit.RunIn(null, registry.Password + "\n", "login", proxy.HostPort, "-u", registry.Username, "--password-stdin", "--tls-verify=false").ShouldSucceed();
        proxy.StallAfter(2 << 20, ProxyDirection.ToServer, TimeSpan.FromSeconds(2.5));
        Assert.Equal(digest, Pushed(Kit.Run("push", $"{proxy.HostPort}/org/slow:1", "--tls-verify=false", "--concurrency", "1").ShouldSucceed()));

        var puller = FreshHome("puller");
        puller.RunIn(null, registry.Password + "\n", "login", proxy.HostPort, "-u", registry.Username, "--password-stdin", "--tls-verify=false").ShouldSucceed();
        var before = registry.TokenIssuer.RequestCount;
        proxy.StallAfter(1 << 20, ProxyDirection.ToClient, TimeSpan.FromSeconds(2.5));
        Assert.Equal(digest, Pulled(puller.Run("pull", $"{proxy.HostPort}/org/slow:1", "--tls-verify=false", "--concurrency", "1").ShouldSucceed()));
        // One token before the stall; the announced expiry has passed when the next blobs are requested.
        Assert.True(registry.TokenIssuer.RequestCount - before >= 2, $"the pull asked for {registry.TokenIssuer.RequestCount - before} token(s)");
        AssertIntact(puller);
    }

    [RegistryFact]
    public async Task Push_and_pull_errors_are_one_line_and_store_nothing()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var host = registry.HostPort;
        Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "sentiment:1");

        Assert.Contains("not found in local storage", KitNet(registry, "push", $"{host}/org/none:v1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("not found in local storage", KitNet(registry, "push", "none:1", $"{host}/org/none:v1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("registry is required when pushing", Kit.Run("push", "sentiment:1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("registry is required when pushing", Kit.Run("push", "sentiment:1", "org/sentiment:2").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("registry is required when pulling", Kit.Run("pull", "org/sentiment:1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);

        var puller = FreshHome("puller");
        await registry.PushArtifactAsync("org/there", "v1");
        var missing = Net(puller, registry, "pull", $"{host}/org/there:v9").ShouldFail().SingleErrorLine();
        Assert.Contains("not found", missing, StringComparison.Ordinal);
        Assert.Contains($"{host}/org/there:v9", missing, StringComparison.Ordinal);
        Assert.Contains("not found", Net(puller, registry, "pull", $"{host}/org/nothere:v1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);

        await registry.PushArtifactAsync("org/image", "v1", configMediaType: "application/vnd.oci.image.config.v1+json");
        var notKit = Net(puller, registry, "pull", $"{host}/org/image:v1").ShouldFail().SingleErrorLine();
        Assert.Contains("does not refer to a model", notKit, StringComparison.Ordinal);
        var notKitUnpack = Net(puller, registry, "unpack", $"{host}/org/image:v1", "-d", Work.Combine("x")).ShouldFail().SingleErrorLine();
        Assert.Contains("does not refer to a model", notKitUnpack, StringComparison.Ordinal);

        Assert.Empty(StoreBlobDigests(puller));
        Assert.Empty(Rows(puller));
        Assert.False(Directory.Exists(Work.Combine("x")) && Directory.EnumerateFileSystemEntries(Work.Combine("x")).Any());
    }

    private static string RandomText(int length)
    {
        var random = new Random(7);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
            chars[i] = (char)('a' + random.Next(26));
        return new string(chars);
    }
}
