using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// Kitfiles whose <c>model.path</c> names another ModelKit (behaviour reference §8, KitOps' testdata/modelkit-refs):
/// model-3 → model-2 → model-1, each child adding a part inside its parent's model directory.
/// </summary>
public sealed class ModelReferenceTests : RemoteTestBase
{
    private static readonly string[] AllModelFiles =
        ["models/base/lora/adapter/adapter.bin", "models/base/lora/lora.bin", "models/base/weights.bin"];

    /// <summary>Writes the three kits' contexts; <paramref name="prefix"/> is the repository the references use.</summary>
    private void WriteChain(string prefix)
    {
        Work.WriteFile("model-1/Kitfile", """
            manifestVersion: 1.0.0
            package:
              name: base
              authors: [alice]
            model:
              name: base-model
              path: models/base
              license: Apache-2.0
            datasets:
              - name: train
                path: data/train.csv
            """);
        Work.WriteFile("model-1/models/base/weights.bin", "base weights");
        Work.WriteFile("model-1/data/train.csv", "a,b\n");

        Work.WriteFile("model-2/Kitfile", $"""
            manifestVersion: 1.0.0
            model:
              path: {prefix}:model-1
              parts:
                - name: lora
                  path: models/base/lora
            docs:
              - path: README.md
            """);
        Work.WriteFile("model-2/models/base/weights.bin", "a stale copy that must not be packed again");
        Work.WriteFile("model-2/models/base/lora/lora.bin", "lora");
        Work.WriteFile("model-2/README.md", "model-2 docs");

        Work.WriteFile("model-3/Kitfile", $"""
            manifestVersion: 1.0.0
            package:
              name: model-3
            model:
              path: {prefix}:model-2
              parts:
                - name: adapter
                  path: models/base/lora/adapter
            code:
              - path: .
            """);
        Work.WriteFile("model-3/models/base/lora/adapter/adapter.bin", "adapter");
        Work.WriteFile("model-3/train.py", "print('hi')");
    }

    private void PackChain(string prefix)
    {
        Pack(Work.Combine("model-1"), "-t", $"{prefix}:model-1");
        Pack(Work.Combine("model-2"), "-t", $"{prefix}:model-2");
        Pack(Work.Combine("model-3"), "-t", $"{prefix}:model-3");
    }

    [Fact]
    public void Unpacking_a_child_reproduces_every_ancestors_model_and_its_own_content()
    {
        WriteChain("test-ref");
        PackChain("test-ref");

        var out3 = Work.Combine("out3");
        var unpacked = Kit.Run("unpack", "test-ref:model-3", "-d", out3).ShouldSucceed();
        Assert.Equal(["Kitfile", .. AllModelFiles, "train.py"], FilesUnder(out3));
        Assert.Equal("base weights", File.ReadAllText(Path.Combine(out3, "models/base/weights.bin")));
        // Grandparent first, then the parent, then the kit itself; parents' Kitfile, datasets and docs never.
        var order = new[] { "Unpacking referenced modelkit test-ref:model-2", "Unpacking referenced modelkit test-ref:model-1",
            "Unpacking model base-model to models/base", "Unpacking model part lora to models/base/lora", "Unpacking config to",
            "Unpacking model part adapter to models/base/lora/adapter" }
            .Select(m => unpacked.Stderr.IndexOf(m, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, order);
        Assert.Equal(order.Order(), order);
        Assert.Contains("path: test-ref:model-2", File.ReadAllText(Path.Combine(out3, "Kitfile")), StringComparison.Ordinal);

        var out2 = Work.Combine("out2");
        Kit.Run("unpack", "test-ref:model-2", "-d", out2).ShouldSucceed();
        Assert.Equal(["Kitfile", "README.md", "models/base/lora/lora.bin", "models/base/weights.bin"], FilesUnder(out2));
        Assert.Equal("base weights", File.ReadAllText(Path.Combine(out2, "models/base/weights.bin")));

        var kitfileOnly = Work.Combine("kitfile-only");
        Kit.Run("unpack", "test-ref:model-3", "-d", kitfileOnly, "--filter", "kitfile").ShouldSucceed();
        Assert.Equal(["Kitfile"], FilesUnder(kitfileOnly));
        Assert.Equal(File.ReadAllText(Path.Combine(out3, "Kitfile")), File.ReadAllText(Path.Combine(kitfileOnly, "Kitfile")));

        // Ids reach the parents: only the named part, wherever it lives in the chain.
        var lora = Work.Combine("lora");
        Kit.Run("unpack", "test-ref:model-3", "-d", lora, "--filter", "model:lora").ShouldSucceed();
        Assert.Equal(["models/base/lora/lora.bin"], FilesUnder(lora));
    }

    [Fact]
    public void A_parents_layer_that_would_overwrite_a_file_is_refused_before_anything_is_written()
    {
        WriteChain("test-ref");
        PackChain("test-ref");
        // model-2's lora layer would replace this file; model-1's weights come before it in the unpack order.
        var target = Work.Combine("existing");
        Work.WriteFile("existing/models/base/lora/lora.bin", "mine");

        var line = Kit.Run("unpack", "test-ref:model-3", "-d", target).ShouldFail().SingleErrorLine();
        Assert.Contains($"path '{Path.Combine(target, "models/base/lora/lora.bin")}' already exists", line, StringComparison.Ordinal);
        Assert.Equal(["models/base/lora/lora.bin"], FilesUnder(target));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "models/base/lora/lora.bin")));

        // -i keeps the file and unpacks the rest.
        Kit.Run("unpack", "test-ref:model-3", "-d", target, "-i").ShouldSucceed();
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "models/base/lora/lora.bin")));
        Assert.Equal("base weights", File.ReadAllText(Path.Combine(target, "models/base/weights.bin")));
    }

    [Fact]
    public void A_child_packs_no_model_layer_and_nothing_under_its_parents_paths()
    {
        WriteChain("test-ref");
        PackChain("test-ref");

        var info = Kit.Run("info", "test-ref:model-2").ShouldSucceed().Stdout;
        Assert.Contains("path: test-ref:model-1", info, StringComparison.Ordinal);
        var inspect = Kit.Run("inspect", "test-ref:model-2").ShouldSucceed().Stdout;
        Assert.DoesNotContain("modelkit.model.v1", inspect, StringComparison.Ordinal);

        // model-2's stale copy of the parent's weights was left out: unpacking model-2 alone has only its own files.
        var own = Work.Combine("own");
        Kit.Run("unpack", "test-ref:model-2", "-d", own, "--filter", "model:lora", "--filter", "docs").ShouldSucceed();
        Assert.Equal(["README.md", "models/base/lora/lora.bin"], FilesUnder(own));
    }

    [Fact]
    public void Repacking_the_root_to_point_at_its_descendant_fails_with_the_cycle_and_changes_nothing()
    {
        WriteChain("test-ref");
        PackChain("test-ref");
        var rows = ListRows();
        var blobs = BlobCount();

        Work.WriteFile("model-1/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: test-ref:model-3\n");
        var failed = Kit.Run("pack", Work.Combine("model-1"), "-t", "test-ref:model-1").ShouldFail();
        Assert.Equal(1, failed.ExitCode);
        Assert.Equal("[ERROR] Failed to resolve referenced modelkit test-ref:model-3: Found cycle in modelkit references: "
            + "[test-ref:model-1=>test-ref:model-3=>test-ref:model-2=>test-ref:model-1]", failed.SingleErrorLine());
        Assert.Equal(rows, ListRows());
        Assert.Equal(blobs, BlobCount());
    }

    [Fact]
    public void Unpack_stops_at_a_cycle_made_by_moving_a_tag()
    {
        WriteChain("test-ref");
        Pack(Work.Combine("model-1"), "-t", "test-ref:model-1");
        var model2 = Pack(Work.Combine("model-2"), "-t", "test-ref:model-2");
        // model-2 names test-ref:model-1, which now is model-2 itself.
        Kit.Run("tag", "test-ref:model-2", "test-ref:model-1").ShouldSucceed();

        var error = Kit.Run("unpack", "test-ref:model-2", "-d", Work.Combine("loop")).ShouldFail().SingleErrorLine();
        Assert.StartsWith("[ERROR] Found cycle in modelkit references: [test-ref:model-2=>test-ref:model-1]", error, StringComparison.Ordinal);
        Assert.Contains(model2, error, StringComparison.Ordinal);
        Assert.False(File.Exists(Work.Combine("loop", "models", "base", "weights.bin")));
    }

    [Fact]
    public void A_missing_parent_fails_the_pack_in_one_line()
    {
        Work.WriteFile("orphan/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: nowhere:v1\n");
        var error = Kit.Run("pack", Work.Combine("orphan"), "-t", "orphan:1").ShouldFail().SingleErrorLine();
        Assert.StartsWith("[ERROR] Failed to resolve referenced modelkit nowhere:v1: ", error, StringComparison.Ordinal);
        Assert.Contains("not found", error, StringComparison.Ordinal);
        Assert.Empty(ListRows());
    }

    [RegistryFact]
    public async Task Pull_stores_parents_in_their_own_repositories_and_remote_unpack_fetches_their_models()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var repo = $"{registry.HostPort}/refs/chain";
        WriteChain(repo);
        PackChain(repo);
        foreach (var tag in new[] { "model-1", "model-2", "model-3" })
            KitNet(registry, "push", $"{repo}:{tag}").ShouldSucceed();

        using var pullHome = new TempDir("kit-home-");
        var puller = new KitRunner(pullHome.Path, Work.Combine("puller-sandbox"));
        var pulled = puller.Run("pull", $"{repo}:model-3", "--plain-http").ShouldSucceed();
        Assert.Contains($"Pulling referenced image {repo}:model-2", pulled.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Pulling referenced image {repo}:model-1", pulled.Stderr, StringComparison.Ordinal);
        var list = puller.Run("list").ShouldSucceed().Stdout;
        foreach (var tag in new[] { "model-1", "model-2", "model-3" })
            Assert.Matches($@"(?m)^{System.Text.RegularExpressions.Regex.Escape(repo)}\s+{tag}\s", list);

        var again = puller.Run("pull", $"{repo}:model-3", "--plain-http").ShouldSucceed();
        Assert.Contains($"Referenced modelkit {repo}:model-2 is already in local storage", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Pulling referenced image", again.Stderr, StringComparison.Ordinal);

        using var unpackHome = new TempDir("kit-home-");
        var unpacker = new KitRunner(unpackHome.Path, Work.Combine("unpacker-sandbox"));
        var target = Work.Combine("remote-out");
        unpacker.Run("unpack", $"{repo}:model-3", "-d", target, "--plain-http").ShouldSucceed();
        Assert.Equal(["Kitfile", .. AllModelFiles, "train.py"], FilesUnder(target));
        Assert.Equal("base weights", File.ReadAllText(Path.Combine(target, "models/base/weights.bin")));
        // Parents' datasets and docs were never downloaded.
        var stored = Directory.GetFiles(Path.Combine(unpacker.Storage, "blobs", "sha256")).Select(File.ReadAllText).ToList();
        Assert.DoesNotContain(stored, s => s.Contains("a,b\n", StringComparison.Ordinal) || s.Contains("model-2 docs", StringComparison.Ordinal));
    }

    [RegistryFact]
    public async Task Pack_reads_a_parent_missing_locally_from_its_registry()
    {
        // Without network flags pack uses the defaults (TLS verified, stored credentials), as KitOps does.
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        var repo = $"{registry.HostPort}/refs/chain";
        Login(registry, registry.Password).ShouldSucceed();
        WriteChain(repo);
        Pack(Work.Combine("model-1"), "-t", $"{repo}:model-1");
        KitNet(registry, "push", $"{repo}:model-1").ShouldSucceed();
        Kit.Run("remove", $"{repo}:model-1").ShouldSucceed();
        Assert.Empty(ListRows());

        var trusted = new Dictionary<string, string?> { ["SSL_CERT_FILE"] = registry.CaCertPath };
        var packed = Kit.RunWithEnvironment(trusted, "pack", Work.Combine("model-2"), "-t", "child:1").ShouldSucceed();
        Assert.Contains("Model saved: sha256:", packed.Stdout, StringComparison.Ordinal);
        // The parent was only read (manifest and config), not stored, and its files were not packed into the child.
        Assert.Equal(["child"], ListRows().Select(r => r.Repo));
        // Unpack asks the registry for the parent too (the filter selects models), but no parent layer matches "lora".
        var own = Work.Combine("own");
        Kit.RunWithEnvironment(trusted, "unpack", "child:1", "-d", own, "--filter", "model:lora").ShouldSucceed();
        Assert.Equal(["models/base/lora/lora.bin"], FilesUnder(own));
    }
}
