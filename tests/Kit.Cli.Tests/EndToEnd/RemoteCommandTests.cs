using System.Text.Json;
using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>login, remote list / inspect -r / info -r / remove -r and logout against the real registry in every mode.</summary>
public sealed class RemoteCommandTests : RemoteTestBase
{
    private const string WrongPassword = "not-the-Pa55word";

    [RegistryTheory(Skopeo = true)]
    [InlineData(RegistryMode.PlainHttp)]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Login_list_inspect_info_remove_logout(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        var host = registry.HostPort;
        var authenticated = mode != RegistryMode.PlainHttp;

        if (authenticated)
        {
            var refused = Login(registry, WrongPassword).ShouldFail();
            Assert.Contains(host, refused.SingleErrorLine(), StringComparison.Ordinal);
            AssertSecretAbsent(refused, WrongPassword);
            Assert.False(File.Exists(CredentialsFile), "a refused login must store nothing");
        }
        // -vv traces every request (KitOps fails here, gap 13) and must still show no secret.
        var login = Login(registry, registry.Password, "-vv").ShouldSucceed();
        Assert.Contains("Log in successful", login.Stdout, StringComparison.Ordinal);
        Assert.Contains("[TRACE] GET", login.Stderr, StringComparison.Ordinal);
        AssertSecretAbsent(login, registry.Password);
        Assert.Contains(host, File.ReadAllText(CredentialsFile), StringComparison.Ordinal);

        var sentiment = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", "s:1");
        Kit.Run("tag", "s:1", "s:2").ShouldSucceed();
        Work.WriteFile("small/Kitfile", "manifestVersion: 1.0.0\npackage:\n  name: small\nmodel:\n  path: m.bin\n");
        Work.WriteFile("small/m.bin", "weights");
        var small = Pack(Work.Combine("small"), "-t", "small:1");
        SkopeoPush(registry, "s:1", "org/s:1");
        SkopeoPush(registry, "s:2", "org/s:2");
        SkopeoPush(registry, "small:1", "org/s:other");
        await registry.PushArtifactAsync("org/s", "notakit", configMediaType: "application/vnd.oci.image.config.v1+json");

        // Every ModelKit tag (KitOps lists only :latest, gap 12); the non-ModelKit tag is skipped.
        var listed = RemoteRows(registry, "org/s");
        Assert.Equal([("org/s", "1", sentiment), ("org/s", "2", sentiment), ("org/s", "other", small)], listed);
        var table = KitNet(registry, "list", $"{host}/org/s").ShouldSucceed().Stdout;
        Assert.Matches(@"(?m)^org/s\s+other\s+<none>\s+small\s+[\d.]+ (B|KiB)\s+" + small + "$", table);
        Assert.DoesNotContain("notakit", table, StringComparison.Ordinal);

        using (var inspect = JsonDocument.Parse(KitNet(registry, "inspect", "-r", $"{host}/org/s:1").ShouldSucceed().Stdout))
            Assert.Equal(sentiment, inspect.RootElement.GetProperty("digest").GetString());
        Assert.Equal(Kit.Run("inspect", "s:1").ShouldSucceed().Stdout, KitNet(registry, "inspect", "-r", $"{host}/org/s@{sentiment}").ShouldSucceed().Stdout);
        Assert.Equal("sentiment-demo", KitNet(registry, "info", "-r", $"{host}/org/s:2", "--filter", ".package.name").ShouldSucceed().Stdout.Trim());
        Assert.Equal(Kit.Run("info", "small:1").ShouldSucceed().Stdout, KitNet(registry, "info", "--remote", $"{host}/org/s:other").ShouldSucceed().Stdout);

        var notKit = KitNet(registry, "inspect", "-r", $"{host}/org/s:notakit").ShouldFail().SingleErrorLine();
        Assert.Contains("does not refer to a model", notKit, StringComparison.Ordinal);

        var removed = KitNet(registry, "remove", "-r", $"{host}/org/s:other").ShouldSucceed();
        Assert.Contains($"Removed {host}/org/s:other (digest {small})", removed.Stdout, StringComparison.Ordinal);
        Assert.Equal([("org/s", "1", sentiment), ("org/s", "2", sentiment)], RemoteRows(registry, "org/s"));
        // Removing by digest drops every tag of that manifest.
        KitNet(registry, "rm", "-r", $"{host}/org/s@{sentiment}").ShouldSucceed();
        Assert.Empty(RemoteRows(registry, "org/s"));

        var logout = Kit.Run("logout", host).ShouldSucceed();
        Assert.Contains($"Successfully logged out from {host}", logout.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(host, File.ReadAllText(CredentialsFile), StringComparison.Ordinal);
        if (authenticated)
        {
            var denied = KitNet(registry, "list", $"{host}/org/s").ShouldFail().SingleErrorLine();
            Assert.Contains("kit login " + host, denied, StringComparison.Ordinal);
        }
        if (mode == RegistryMode.TlsTokenAuth)
        {
            Assert.Contains(registry.TokenIssuer!.Requests, r => r.Scopes.Contains("repository:org/s:delete"));
            Assert.Contains(registry.TokenIssuer!.Requests, r => r.Parameters.Any(p => p.Key == "account" && p.Value == registry.Username));
        }
    }

    [RegistryTheory]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Wrong_password_leaves_existing_credentials_unchanged(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        Login(registry, registry.Password).ShouldSucceed();
        var before = File.ReadAllBytes(CredentialsFile);
        var refused = Login(registry, WrongPassword, "-v").ShouldFail();
        refused.SingleErrorLine();
        AssertSecretAbsent(refused, WrongPassword);
        AssertSecretAbsent(refused, registry.Password);
        Assert.Equal(before, File.ReadAllBytes(CredentialsFile));
    }

    [RegistryFact]
    public async Task Tls_registry_is_trusted_through_SSL_CERT_FILE_without_flags()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        var untrusted = Kit.Run("list", $"{registry.HostPort}/org/s").ShouldFail().SingleErrorLine();
        Assert.Contains("TLS", untrusted, StringComparison.Ordinal);
        Assert.Contains("--tls-verify=false", untrusted, StringComparison.Ordinal);

        var trusted = Kit.RunWithEnvironment(new Dictionary<string, string?> { ["SSL_CERT_FILE"] = registry.CaCertPath }, "list", $"{registry.HostPort}/org/s");
        // Past TLS, the registry asks for credentials: the failure is now about auth, not the certificate.
        Assert.Contains("kit login", trusted.ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    [RegistryFact]
    public async Task Password_flag_warns_and_stdin_and_flag_conflict()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        var warned = Kit.Run("login", registry.HostPort, "-u", registry.Username, "-p", registry.Password, "--tls-verify=false").ShouldSucceed();
        Assert.Contains("Using --password via CLI is insecure", warned.Stderr, StringComparison.Ordinal);
        Kit.RunIn(null, "x", "login", registry.HostPort, "-u", "u", "-p", "y", "--password-stdin").ShouldFail().SingleErrorLine();
        Assert.Contains("stdin", Kit.RunIn(null, "  \n", "login", registry.HostPort, "-u", "u", "--password-stdin").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
        Assert.Contains("terminal", Kit.Run("login", registry.HostPort, "-u", "u").ShouldFail().SingleErrorLine(), StringComparison.Ordinal);
    }

    private List<(string Repo, string? Tag, string Digest)> RemoteRows(RegistryFixture registry, string repository)
    {
        var json = KitNet(registry, "list", $"{registry.HostPort}/{repository}", "--format", "json").ShouldSucceed().Stdout;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateArray().SelectMany(e =>
        {
            var tags = e.GetProperty("tags");
            var repo = e.GetProperty("repo").GetString()!;
            var digest = e.GetProperty("digest").GetString()!;
            return tags.ValueKind == JsonValueKind.Array
                ? tags.EnumerateArray().Select(t => (repo, (string?)t.GetString(), digest)).ToList()
                : [(repo, null, digest)];
        }).OrderBy(r => r.Item2, StringComparer.Ordinal).ToList();
    }
}
