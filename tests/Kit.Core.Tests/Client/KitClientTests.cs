using System.Collections.Concurrent;
using Kit.Core.Client;
using Kit.Core.Packing;
using Kit.Core.Tests.Packing;
using Kit.Core.Tests.Transfer;
using Kit.Core.Remote;
using Kit.TestSupport;

namespace Kit.Core.Tests.Client;

/// <summary>The facade end to end: temporary homes, the real registry, the operations a .NET application would chain.</summary>
[Collection(RegistryCollection.Name)]
public sealed class KitClientTests(RegistryFixture registry) : IDisposable
{
    private const string Kitfile = """
        manifestVersion: 1.0.0
        package:
          name: facade-demo
          authors: [tests]
        model:
          name: weights
          path: model
        datasets:
          - name: reviews
            path: data/reviews.csv
        docs:
          - path: README.md
        """;

    private readonly TempTree _tmp = new();

    public void Dispose() => _tmp.Dispose();

    /// <summary>A client on its own home; HOME and DOCKER_CONFIG point inside it, so no developer credential is read.</summary>
    private KitClient Client(string name, ConcurrentQueue<KitMessage>? messages = null)
    {
        var home = _tmp.PathOf(name);
        return new KitClient(new KitClientOptions
        {
            Home = home,
            Network = new RemoteSettings { PlainHttp = true },
            Environment = variable => variable switch
            {
                "HOME" => home,
                "DOCKER_CONFIG" => Path.Combine(home, "docker"),
                _ => null,
            },
            Messages = messages is null ? null : new SyncProgress<KitMessage>(messages.Enqueue),
        });
    }

    private string Project()
    {
        _tmp.File("project/Kitfile", Kitfile)
            .File("project/model/weights.bin", "first line of the weights\nmore\n")
            .File("project/data/reviews.csv", "text,label\n")
            .File("project/README.md", "# demo\n");
        return _tmp.PathOf("project");
    }

    [RegistryFact]
    public async Task Pack_push_pull_into_a_fresh_home_unpack_filtered_list_tag_remove()
    {
        var remote = $"{registry.HostPort}/facade/demo:v1";
        ModelKitResult packed, pushed;
        var pushProgress = new ConcurrentQueue<KitProgress>();
        var packProgress = new ConcurrentQueue<KitProgress>();
        using (var author = Client("author"))
        {
            packed = await author.PackAsync(Project(), new PackOptions { Tag = remote, Compression = LayerCompression.Gzip },
                new SyncProgress<KitProgress>(packProgress.Enqueue));
            pushed = await author.PushAsync(remote, progress: new SyncProgress<KitProgress>(pushProgress.Enqueue));
        }
        Assert.Equal(remote, packed.Reference);
        Assert.Equal(packed.Digest, pushed.Digest);
        // Three layers written, each reported done with its digest; every pushed blob (3 layers + config + manifest) finished.
        Assert.Equal(3, packProgress.Count(p => p.Stage == KitProgressStage.Done && p.Digest is not null));
        Assert.Equal(5, pushProgress.Count(p => p.Stage is KitProgressStage.Done or KitProgressStage.Skipped));

        var messages = new ConcurrentQueue<KitMessage>();
        using var reader = Client("reader", messages);
        var pullProgress = new ConcurrentQueue<KitProgress>();
        var pulled = await reader.PullAsync(remote, new SyncProgress<KitProgress>(pullProgress.Enqueue));
        Assert.Equal(packed.Digest, pulled.Digest);
        Assert.Empty(pulled.Parents);
        Assert.Contains(pullProgress, p => p.Stage == KitProgressStage.Done && p.Item == "layer");
        Assert.Contains(messages, m => m.Text == $"Pulling {remote}");

        var output = _tmp.PathOf("out");
        await reader.UnpackAsync(remote, output, new UnpackOptions { Filters = ["model"] });
        Assert.Equal("first line of the weights", File.ReadLines(Path.Combine(output, "model", "weights.bin")).First());
        Assert.False(File.Exists(Path.Combine(output, "data", "reviews.csv")));
        Assert.False(File.Exists(Path.Combine(output, "Kitfile")));

        var listed = Assert.Single(await reader.ListAsync());
        Assert.Equal(($"{registry.HostPort}/facade/demo", packed.Digest, "facade-demo"), (listed.Repository, listed.Digest, listed.ModelName));
        Assert.Equal(["v1"], listed.Tags);

        var details = await reader.InspectAsync(remote);
        Assert.Equal(packed.Digest, details.Digest);
        Assert.Equal("kit-dotnet/" + KitClient.Version, details.CliVersion);
        Assert.Equal("facade-demo", details.Kitfile.Package.Name);
        Assert.Equal(3, details.Manifest.Layers.Count);
        Assert.Equal(details.Digest, (await reader.InspectAsync(remote, remote: true)).Digest);

        var tagged = await reader.TagAsync(remote, "demo");
        Assert.Equal(("localhost/demo:latest", packed.Digest), (tagged.Reference, tagged.Digest));
        Assert.Equal(["latest"], Assert.Single(await reader.ListAsync("demo")).Tags);

        var removed = await reader.RemoveAsync(remote);
        Assert.Equal([$"Removed {remote} (digest {packed.Digest})"], removed.Removed);
        // The other name keeps the blobs: the model unpacks again from the store alone.
        Assert.Equal("demo", (await reader.ListAsync()).Single().DisplayRepository);
        await reader.UnpackAsync("demo", _tmp.PathOf("again"));
        Assert.True(File.Exists(Path.Combine(_tmp.PathOf("again"), "data", "reviews.csv")));
    }

    [RegistryFact]
    public async Task An_index_of_two_variants_round_trips_through_the_registry_and_unpack_picks_one_by_label()
    {
        var repo = $"{registry.HostPort}/facade/indexed";
        _tmp.File("q4/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: model.gguf\n").File("q4/model.gguf", "q4 weights")
            .File("q8/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: model.gguf\n").File("q8/model.gguf", "q8 weights");
        ModelKitResult q4;
        using (var author = Client("index-author"))
        {
            q4 = await author.PackAsync(_tmp.PathOf("q4"), new PackOptions { Tag = $"{repo}:q4" });
            await author.PackAsync(_tmp.PathOf("q8"), new PackOptions { Tag = $"{repo}:q8" });
            await author.CreateIndexAsync($"{repo}:latest");
            await author.AddToIndexAsync($"{repo}:latest", $"{repo}:q4", new Dictionary<string, string> { ["quantization"] = "q4_0" });
            var added = await author.AddToIndexAsync($"{repo}:latest", $"{repo}:q8", new Dictionary<string, string> { ["quantization"] = "q8_0" });

            var listed = Assert.Single(await author.ListIndexesAsync());
            Assert.Equal((repo, added.Digest, 2), (listed.Repository, listed.Digest, listed.ModelKitCount));
            Assert.Equal(["latest"], listed.Tags);
            var pushed = await author.PushIndexAsync($"{repo}:latest");
            Assert.Equal(added.Digest, pushed.Digest);
        }

        using var consumer = Client("index-consumer");
        var remote = await consumer.GetIndexAsync($"{repo}:latest", remote: true);
        Assert.Equal(["q4_0", "q8_0"], remote.ModelKits.Select(m => m.Labels["quantization"]).Order());
        Assert.Equal("q4", remote.ModelKits.Single(m => m.Digest == q4.Digest).OriginalTag);
        await consumer.PullIndexAsync($"{repo}:latest");
        var out4 = _tmp.PathOf("index-out");
        await consumer.UnpackAsync($"{repo}:latest", out4, new UnpackOptions { Labels = new Dictionary<string, string> { ["quantization"] = "q4_0" } });
        Assert.Equal("q4 weights", File.ReadAllText(Path.Combine(out4, "model.gguf")));

        var removed = await consumer.RemoveFromIndexAsync($"{repo}:latest", q4.Digest.ToString());
        Assert.Single((await consumer.GetIndexAsync($"{repo}:latest")).ModelKits);
        var (deleted, untaggedOnly) = await consumer.DeleteIndexAsync($"{repo}:latest");
        Assert.Equal(removed.Digest, deleted.Digest);
        Assert.False(untaggedOnly);
        Assert.Empty(await consumer.ListIndexesAsync());
    }

    [RegistryFact]
    public async Task Pack_with_push_goes_straight_to_the_registry_and_keeps_a_local_copy_only_when_asked()
    {
        var remote = $"{registry.HostPort}/facade/streamed:v1";
        using var author = Client("streamer");
        var refused = await Assert.ThrowsAsync<KitException>(() => author.PackAsync(_tmp.PathOf("missing"), new PackOptions { Tag = "facade/streamed:v1", Push = true }));
        Assert.StartsWith("registry is required when pushing", refused.Message, StringComparison.Ordinal);

        var pushed = await author.PackAsync(Project(), new PackOptions { Tag = remote, Push = true });
        Assert.Empty(await author.ListAsync());
        var kept = await author.PackAsync(Project(), new PackOptions { Tag = remote + "-kept", Push = true, KeepLocal = true });
        Assert.Equal(kept.Digest, Assert.Single(await author.ListAsync()).Digest);

        using var reader = Client("streamed-reader");
        Assert.Equal(pushed.Digest, (await reader.PullAsync(remote)).Digest);
        Assert.Equal(kept.Digest, (await reader.PullAsync(remote + "-kept")).Digest);
    }

    [RegistryFact]
    public async Task Remote_unpack_downloads_only_the_selected_layers_and_remote_list_finds_the_tag()
    {
        var remote = $"{registry.HostPort}/facade/remote:v2";
        using (var author = Client("author2"))
        {
            await author.PackAsync(Project(), new PackOptions { Tag = remote });
            await author.PushAsync(remote);
        }

        using var reader = Client("reader2");
        Assert.Equal(["v2"], Assert.Single(await reader.ListAsync($"{registry.HostPort}/facade/remote")).Tags);
        var progress = new ConcurrentQueue<KitProgress>();
        await reader.UnpackAsync(remote, _tmp.PathOf("remote-out"), new UnpackOptions { Filters = ["datasets:reviews"] },
            new SyncProgress<KitProgress>(progress.Enqueue));
        Assert.Equal("text,label", File.ReadLines(_tmp.PathOf("remote-out/data/reviews.csv")).First());
        Assert.False(Directory.Exists(_tmp.PathOf("remote-out/model")));
        Assert.Single(progress, p => p.Stage == KitProgressStage.Done && p.Item == "layer");
        // Nothing was named locally: the registry copy stays the only one.
        Assert.Empty(await reader.ListAsync());
    }

    [Fact]
    public async Task Push_without_a_registry_and_pull_of_a_bare_name_fail_with_one_line_that_says_what_to_do()
    {
        using var client = Client("errors");
        var push = await Assert.ThrowsAsync<KitException>(() => client.PushAsync("demo:v1"));
        Assert.Equal("registry is required when pushing: name the destination like registry.example.com/demo:v1", push.Message);
        var pull = await Assert.ThrowsAsync<KitException>(() => client.PullAsync("demo:v1"));
        Assert.Equal("registry is required when pulling: use registry.example.com/demo:v1", pull.Message);
        var inspect = await Assert.ThrowsAsync<KitException>(() => client.InspectAsync("demo:v1", remote: true));
        Assert.Equal("can not check remote: demo:v1 does not contain registry", inspect.Message);
    }

    [Fact]
    public void Without_a_home_the_client_resolves_it_as_the_kit_command_does()
    {
        string? Env(string name) => name switch { "XDG_DATA_HOME" => "/xdg", "HOME" => "/home/u", _ => null };
        using var xdg = new KitClient(new KitClientOptions { Environment = Env });
        Assert.Equal("/xdg/kitops", xdg.Home.Root);
        using var kitopsHome = new KitClient(new KitClientOptions { Environment = n => n == "KITOPS_HOME" ? "/k" : Env(n) });
        Assert.Equal("/k", kitopsHome.Home.Root);
        using var homeOnly = new KitClient(new KitClientOptions { Environment = n => n == "HOME" ? "/home/u" : null });
        Assert.Equal("/home/u/.local/share/kitops", homeOnly.Home.Root);
    }

    [RegistryFact]
    public async Task Login_stores_the_checked_credential_where_the_kit_command_reads_it_and_logout_forgets_it()
    {
        using var client = Client("creds");
        await client.LoginAsync($"http://{registry.HostPort}/v2/", "alice", "s3cret");
        var stored = await Kit.Core.Credentials.KitCredentials.OpenStore(client.Home.Root).GetAsync(registry.HostPort);
        Assert.Equal(("alice", "s3cret"), (stored?.Username, stored?.Password));
        Assert.True(await client.LogoutAsync(registry.HostPort));
        Assert.False(await client.LogoutAsync(registry.HostPort));
        Assert.Null(await Kit.Core.Credentials.KitCredentials.OpenStore(client.Home.Root).GetAsync(registry.HostPort));
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post them later, out of order).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
