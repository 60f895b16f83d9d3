using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>Helpers for running kit against a <see cref="RegistryFixture"/> in any of its modes.</summary>
public abstract class RemoteTestBase : KitTestBase
{
    /// <summary>TLS fixtures are reached with --tls-verify=false here; TlsCertTests trust their CA with --tls-cert instead.</summary>
    protected static string[] NetworkFlags(RegistryFixture registry) =>
        registry.Mode == RegistryMode.PlainHttp ? ["--plain-http"] : ["--tls-verify=false"];

    protected KitResult KitNet(RegistryFixture registry, params string[] args) => Kit.Run([.. args, .. NetworkFlags(registry)]);

    protected KitResult Login(RegistryFixture registry, string password, params string[] extra) =>
        Kit.RunIn(null, password + "\n", ["login", registry.HostPort, "-u", registry.Username, "--password-stdin", .. NetworkFlags(registry), .. extra]);

    protected string CredentialsFile => Path.Combine(Kit.Home, "credentials.json");

    /// <summary>Copies a kit from the local store (an OCI layout) into the registry with skopeo, until kit push exists.</summary>
    protected void SkopeoPush(RegistryFixture registry, string localRef, string remoteRepoAndTag)
    {
        string[] dest = registry.Mode == RegistryMode.PlainHttp
            ? ["--dest-tls-verify=false"]
            : ["--dest-cert-dir", registry.CertDirectory!, "--dest-creds", $"{registry.Username}:{registry.Password}"];
        Tools.Run("skopeo", ["copy", "-q", .. dest, $"oci:{Kit.Storage}:localhost/{localRef}", $"docker://{registry.HostPort}/{remoteRepoAndTag}"]);
    }

    protected static void AssertSecretAbsent(KitResult result, string secret)
    {
        Assert.DoesNotContain(secret, result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
    }
}
