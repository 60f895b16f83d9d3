using System.CommandLine;
using Kit.Cli.Commands;
using Kit.Core;
using Kit.Core.Credentials;
using Kit.Core.Remote;
using Kit.Oci.Remote.Auth;

namespace Kit.Cli.Tests.Commands;

public sealed class NetworkOptionsTests
{
    private static RemoteSettings Read(string[] args, Dictionary<string, string>? env = null)
    {
        var command = new Command("probe");
        var options = NetworkOptions.AddTo(command);
        var parse = command.Parse(args);
        return options.Read(parse, name => env?.GetValueOrDefault(name), Path.GetTempPath());
    }

    [Fact]
    public void Defaults_verify_tls_use_https_and_five_transfers()
    {
        var settings = Read([]);
        Assert.False(settings.PlainHttp);
        Assert.True(settings.TlsVerify);
        Assert.Equal(5, settings.Concurrency);
        Assert.Equal(100L << 20, settings.UploadChunkSize);
    }

    [Fact]
    public void Flags_are_read()
    {
        var settings = Read(["--plain-http", "--tls-verify=false", "--concurrency", "2", "--proxy", "http://proxy.example:3128"]);
        Assert.True(settings.PlainHttp);
        Assert.False(settings.TlsVerify);
        Assert.Equal(2, settings.Concurrency);
        Assert.Equal(new Uri("http://proxy.example:3128"), settings.Proxy);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public void Concurrency_below_one_is_refused(string value)
    {
        var ex = Assert.Throws<KitException>(() => Read(["--concurrency", value]));
        Assert.Equal($"invalid argument for concurrency ({value}): must be at least 1", ex.Message);
    }

    [Fact]
    public void Upload_chunk_size_comes_from_the_environment_and_reaches_the_repository_client()
    {
        var settings = Read([], new() { ["KIT_UPLOAD_CHUNK_MIB"] = "8" });
        Assert.Equal(8L << 20, settings.UploadChunkSize);
        using var clients = new RegistryClients(settings, new StaticCredentialProvider("x", RegistryCredential.FromPassword("u", "p")));
        var repository = clients.Open("registry.example.com", "team/model");
        Assert.Equal(8L << 20, repository.Options.ChunkSize);
        Assert.Equal(8L << 20, repository.Options.MonolithicThreshold);

        Assert.Contains("KIT_UPLOAD_CHUNK_MIB", Assert.Throws<KitException>(() => Read([], new() { ["KIT_UPLOAD_CHUNK_MIB"] = "0" })).Message, StringComparison.Ordinal);
        Assert.Contains("KIT_UPLOAD_CHUNK_MIB", Assert.Throws<KitException>(() => Read([], new() { ["KIT_UPLOAD_CHUNK_MIB"] = "1.5" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Client_certificate_needs_both_files_and_an_explicit_flag_wins_over_the_environment()
    {
        var dir = Directory.CreateTempSubdirectory("kit-cert-").FullName;
        try
        {
            var cert = Path.Combine(dir, "c.pem");
            var key = Path.Combine(dir, "k.pem");
            var envCert = Path.Combine(dir, "env-c.pem");
            var envKey = Path.Combine(dir, "env-k.pem");
            foreach (var f in new[] { cert, key, envCert, envKey }) File.WriteAllText(f, "x");

            Assert.Throws<KitException>(() => Read(["--cert", cert]));
            var env = new Dictionary<string, string> { ["KITOPS_CLIENT_CERT"] = envCert, ["KITOPS_CLIENT_KEY"] = envKey };
            Assert.Equal(envCert, Read([], env).ClientCertificateFile);
            var explicitFlags = Read(["--cert", cert, "--key", key], env);
            Assert.Equal(cert, explicitFlags.ClientCertificateFile);
            Assert.Equal(key, explicitFlags.ClientKeyFile);
            Assert.Contains("does not exist", Assert.Throws<KitException>(() => Read(["--cert", cert, "--key", Path.Combine(dir, "missing.pem")])).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_proxy_must_be_a_url()
    {
        Assert.Contains("invalid --proxy", Assert.Throws<KitException>(() => Read(["--proxy", "not a url"])).Message, StringComparison.Ordinal);
    }
}
