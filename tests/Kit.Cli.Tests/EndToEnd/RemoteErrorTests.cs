using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>Every registry failure is exit code 1 and one [ERROR] line naming the registry and what to try.</summary>
public sealed class RemoteErrorTests : RemoteTestBase
{
    [Fact]
    public void Unknown_host_is_one_line()
    {
        var line = Kit.Run("inspect", "-r", "nosuch.invalid/org/model:v1").ShouldFail().SingleErrorLine();
        Assert.Contains("registry nosuch.invalid: cannot resolve host nosuch.invalid", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_connection_is_one_line()
    {
        // Port 1 (tcpmux) is never served on a test machine's loopback.
        var line = Kit.Run("list", "127.0.0.1:1/org/model", "--plain-http").ShouldFail().SingleErrorLine();
        Assert.Contains("registry 127.0.0.1:1: connection refused", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Refused_connection_is_retried_aloud_and_push_announces_no_upload()
    {
        Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "127.0.0.1:1/org/model:v1");
        foreach (var args in new[] { ["pull", "127.0.0.1:1/org/model:v1", "--plain-http"], new[] { "push", "127.0.0.1:1/org/model:v1", "--plain-http" } })
        {
            var result = Kit.Run(args).ShouldFail();
            Assert.Contains("registry 127.0.0.1:1: connection refused", result.SingleErrorLine(), StringComparison.Ordinal);
            // Each retry says so, with its reason, at the default (info) level.
            var retries = result.Stderr.Split('\n').Where(l => l.StartsWith("Registry 127.0.0.1:1: connection refused; retrying in ", StringComparison.Ordinal)).ToList();
            Assert.Equal(5, retries.Count);
            Assert.EndsWith("(retry 5 of 5)", retries[^1], StringComparison.Ordinal);
            Assert.DoesNotContain("Copying", result.Stderr, StringComparison.Ordinal);
        }
    }

    [RegistryFact]
    public async Task Tls_mismatch_fails_at_once_without_retries_or_upload_lines()
    {
        await using var plain = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        await using var tls = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", $"{plain.HostPort}/org/model:v1");
        Kit.Run("tag", $"{plain.HostPort}/org/model:v1", $"{tls.HostPort}/org/model:v1").ShouldSucceed();

        // https to a registry without TLS, and plain HTTP to one with TLS: retrying cannot help.
        var https = Kit.Run("push", $"{plain.HostPort}/org/model:v1").ShouldFail();
        var httpsLine = https.SingleErrorLine();
        Assert.Contains($"registry {plain.HostPort}: TLS handshake failed", httpsLine, StringComparison.Ordinal);
        Assert.Contains("use --plain-http", httpsLine, StringComparison.Ordinal);
        var http = Kit.Run("push", $"{tls.HostPort}/org/model:v1", "--plain-http").ShouldFail();
        Assert.Contains("drop --plain-http", http.SingleErrorLine(), StringComparison.Ordinal);
        foreach (var result in new[] { https, http, Kit.Run("pull", $"{plain.HostPort}/org/model:v1").ShouldFail() })
        {
            Assert.DoesNotContain("retrying", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Copying", result.Stderr, StringComparison.Ordinal);
        }
    }

    [RegistryFact]
    public async Task Missing_repository_and_tag_are_one_line_each()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var repo = KitNet(registry, "list", $"{registry.HostPort}/org/none").ShouldFail().SingleErrorLine();
        Assert.Contains($"{registry.HostPort}/org/none: repository not found in registry {registry.HostPort}", repo, StringComparison.Ordinal);

        await registry.PushArtifactAsync("org/there", "v1");
        var tag = KitNet(registry, "info", "-r", $"{registry.HostPort}/org/there:v9").ShouldFail().SingleErrorLine();
        Assert.Contains($"{registry.HostPort}/org/there:v9: not found in registry", tag, StringComparison.Ordinal);
        var removeTag = KitNet(registry, "remove", "-r", $"{registry.HostPort}/org/there:v9").ShouldFail().SingleErrorLine();
        Assert.Contains("not found", removeTag, StringComparison.Ordinal);
    }

    [RegistryFact]
    public async Task Https_to_plain_registry_and_plain_http_to_tls_registry_say_which_flag_to_change()
    {
        await using var plain = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        Assert.Contains("--plain-http", Kit.Run("list", $"{plain.HostPort}/org/x").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        await using var tls = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        Assert.Contains("drop --plain-http", Kit.Run("list", $"{tls.HostPort}/org/x", "--plain-http").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [RegistryFact]
    public async Task Index_manifest_is_not_an_image_manifest_and_is_skipped_by_list()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.PlainHttp);
        var child = await registry.PushArtifactAsync("org/idx", "kit");
        await PushIndexAsync(registry, "org/idx", "index", child);
        var line = KitNet(registry, "inspect", "-r", $"{registry.HostPort}/org/idx:index").ShouldFail().SingleErrorLine();
        Assert.Contains("is not an image manifest", line, StringComparison.Ordinal);
        var json = KitNet(registry, "list", $"{registry.HostPort}/org/idx", "--format", "json").ShouldSucceed().Stdout;
        Assert.Contains("\"kit\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"index\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Local_only_references_and_bad_flags_are_refused_before_any_network()
    {
        Assert.Contains("can not check remote: org/model:v1 does not contain registry",
            Kit.Run("inspect", "-r", "org/model:v1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("does not contain registry", Kit.Run("remove", "-r", "model:v1").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("invalid argument for concurrency (0): must be at least 1",
            Kit.Run("list", "example.invalid/org/model", "--concurrency", "0").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("needs both --cert and --key",
            Kit.Run("info", "-r", "example.invalid/org/model", "--cert", "/etc/hostname").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("needs both --cert and --key",
            Kit.RunWithEnvironment(new Dictionary<string, string?> { ["KITOPS_CLIENT_KEY"] = "/etc/hostname" }, "list", "example.invalid/org/model").ShouldFail().SingleErrorLine(),
            StringComparison.Ordinal);
        Assert.Contains("cannot use --all or --force with --remote", Kit.Run("remove", "-r", "-f", "example.invalid/a:b").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("repository cannot reference multiple tags", Kit.Run("list", "example.invalid/a:b,c").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_cert_flags_win_over_the_environment()
    {
        // The environment names files that do not exist; the flags name real ones, so the run gets as far as the network.
        var env = new Dictionary<string, string?> { ["KITOPS_CLIENT_CERT"] = "/nonexistent/c.pem", ["KITOPS_CLIENT_KEY"] = "/nonexistent/k.pem" };
        var cert = Work.WriteFile("c.pem", "not a certificate");
        var key = Work.WriteFile("k.pem", "not a key");
        var line = Kit.RunWithEnvironment(env, "list", "127.0.0.1:1/org/model", "--cert", cert, "--key", key).ShouldFail().SingleErrorLine();
        Assert.DoesNotContain("/nonexistent", line, StringComparison.Ordinal);
        Assert.Contains("client certificate", line, StringComparison.Ordinal);
    }

    [Fact]
    public void List_of_a_repository_without_registry_filters_the_local_store()
    {
        var a = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "a:1");
        Kit.Run("tag", "a:1", "b:1").ShouldSucceed();
        var rows = Kit.Run("list", "a", "--format", "json").ShouldSucceed().Stdout;
        Assert.Contains(a, rows, StringComparison.Ordinal);
        Assert.Contains("\"repo\": \"a\"", rows, StringComparison.Ordinal);
        Assert.DoesNotContain("\"repo\": \"b\"", rows, StringComparison.Ordinal);
        Assert.Equal("[]", Kit.Run("list", "a:2", "--format", "json").ShouldSucceed().Stdout.Trim());
    }

    private static async Task PushIndexAsync(RegistryFixture registry, string repository, string tag, string child)
    {
        using var client = new HttpClient(registry.CreateTransport()) { BaseAddress = registry.BaseAddress };
        var index = $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{child}}","size":{{await ManifestSizeAsync(client, repository, child)}}}]}""";
        using var content = new StringContent(index);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.oci.image.index.v1+json");
        using var response = await client.PutAsync($"/v2/{repository}/manifests/{tag}", content);
        Assert.True(response.IsSuccessStatusCode, registry.Describe($"index PUT answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}"));
    }

    private static async Task<long> ManifestSizeAsync(HttpClient client, string repository, string digest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/{repository}/manifests/{digest}");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using var response = await client.SendAsync(request);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
