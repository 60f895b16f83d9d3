using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;
using Kit.TestSupport;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary><c>--tls-cert</c>: extra CA certificates trusted for the registry's TLS, on every network command.</summary>
public sealed class TlsCertTests : TransferTestBase
{
    [RegistryFact]
    public async Task Registry_certificate_is_trusted_only_with_tls_cert()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        var host = registry.HostPort;
        string[] login = ["login", host, "-u", registry.Username, "--password-stdin"];

        // Verified against the system's roots only: the self-signed registry certificate is refused.
        var refused = Kit.RunIn(null, registry.Password + "\n", login).ShouldFail();
        Assert.Contains("TLS", refused.SingleErrorLine(), StringComparison.OrdinalIgnoreCase);

        // An unrelated CA first in a comma list, repeated flags: the registry's CA among them makes it trusted.
        var other = TestCertificate.Create(Directory.CreateTempSubdirectory("kit-other-ca-").FullName);
        Kit.RunIn(null, registry.Password + "\n", [.. login, "--tls-cert", $"{other.CertPath},{registry.CaCertPath}"]).ShouldSucceed();
        Kit.RunIn(null, registry.Password + "\n", [.. login, "--tls-cert", other.CertPath, "--tls-cert", registry.CaCertPath!]).ShouldSucceed();
        // Only the unrelated CA: still refused.
        Kit.RunIn(null, registry.Password + "\n", [.. login, "--tls-cert", other.CertPath]).ShouldFail();

        var digest = Pack(Path.Combine(RepoPaths.Examples, "sentiment"), "-t", $"{host}/org/model:v1");
        Assert.Equal(digest, Pushed(Kit.Run("push", $"{host}/org/model:v1", "--tls-cert", registry.CaCertPath!).ShouldSucceed()));
        Kit.Run("index", "create", $"{host}/org/model:i").ShouldSucceed();
        Kit.Run("index", "push", $"{host}/org/model:i", "--tls-cert", registry.CaCertPath!).ShouldSucceed();
        Assert.Contains(digest, Kit.Run("list", $"{host}/org/model", "--tls-cert", registry.CaCertPath!).ShouldSucceed().Stdout, StringComparison.Ordinal);

        Assert.Equal($"[ERROR] TLS certificate file {Work.Combine("missing.pem")} does not exist (--tls-cert)",
            Kit.RunIn(Work.Path, null, "pull", $"{host}/org/model:v1", "--tls-cert", "missing.pem").ShouldFail().SingleErrorLine());
        var notPem = Work.WriteFile("not.pem", "hello");
        Assert.Equal($"[ERROR] TLS certificate file {notPem} holds no PEM certificate",
            Kit.Run("pull", $"{host}/org/model:v1", "--tls-cert", notPem).ShouldFail().SingleErrorLine());
    }
}
