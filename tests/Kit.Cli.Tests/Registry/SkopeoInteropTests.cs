using System.Text;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.Registry;

/// <summary>skopeo, the reference client, agrees with the fixtures: the CA directory, htpasswd users and issued tokens.</summary>
public class SkopeoInteropTests
{
    [RegistryTheory(Skopeo = true)]
    [InlineData(RegistryMode.PlainHttp)]
    [InlineData(RegistryMode.TlsBasicAuth)]
    [InlineData(RegistryMode.TlsTokenAuth)]
    public async Task Skopeo_reads_what_the_seed_pushed(RegistryMode mode)
    {
        await using var registry = await RegistryFixture.StartAsync(mode);
        var digest = await registry.PushArtifactAsync("org/model", "v1");

        var auth = mode == RegistryMode.PlainHttp
            ? new[] { "--tls-verify=false" }
            : ["--cert-dir", registry.CertDirectory!, "--creds", $"{registry.Username}:{registry.Password}"];
        var tags = Encoding.UTF8.GetString(Tools.Run("skopeo", ["list-tags", .. auth, $"docker://{registry.HostPort}/org/model"]));
        Assert.Contains("\"v1\"", tags);
        var manifest = Tools.Run("skopeo", ["inspect", "--raw", .. auth, $"docker://{registry.HostPort}/org/model:v1"]);
        Assert.Equal(digest, "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(manifest)));
        if (mode == RegistryMode.TlsTokenAuth)
            Assert.Contains(registry.TokenIssuer!.Requests, r => r.Parameters.Any(p => p.Key == "account" && p.Value == registry.Username));
    }
}
