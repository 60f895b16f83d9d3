using System.Text;
using Kit.Core.Credentials;
using Kit.Oci.Remote.Auth;

namespace Kit.Core.Tests.Credentials;

public sealed class CredentialStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-cred-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string FilePath => Path.Combine(_dir, "home", "credentials.json");

    private static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    [Fact]
    public async Task Round_trip_writes_docker_format_with_tabs()
    {
        var store = new CredentialStore(FilePath);
        await store.StoreAsync("ghcr.io", RegistryCredential.FromPassword("me", "p+/w:d"));
        Assert.Equal("{\n\t\"auths\": {\n\t\t\"ghcr.io\": {\n\t\t\t\"auth\": \"" + B64("me:p+/w:d") + "\"\n\t\t}\n\t}\n}", File.ReadAllText(FilePath));
        Assert.Equal(RegistryCredential.FromPassword("me", "p+/w:d"), await store.GetAsync("ghcr.io"));
        Assert.Null(await store.GetAsync("other.io"));
    }

    [Fact]
    public async Task File_is_0600_and_new_directory_0700()
    {
        if (OperatingSystem.IsWindows())
            return; // POSIX modes only
        var store = new CredentialStore(FilePath);
        await store.StoreAsync("r:5000", RegistryCredential.FromPassword("u", "p"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(FilePath)!));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(FilePath)!)); // no temp file left
    }

    [Fact]
    public async Task Unknown_keys_and_other_entries_are_preserved()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, """{"auths":{"a.io":{"auth":"eDp5","email":"x@y"}},"psFormat":"table","n":1.50,"list":[true,null,{"k":"<&>"}]}""");
        var store = new CredentialStore(FilePath);
        await store.StoreAsync("b.io", RegistryCredential.FromPassword("u", "p"));
        var text = File.ReadAllText(FilePath);
        Assert.Contains("\"psFormat\": \"table\"", text);
        Assert.Contains("\"n\": 1.50", text);
        Assert.Contains("\"k\": \"\\u003c\\u0026\\u003e\"", text);
        Assert.Contains("\"email\": \"x@y\"", text);
        Assert.Equal(RegistryCredential.FromPassword("x", "y"), await store.GetAsync("a.io"));
        Assert.True(await store.RemoveAsync("b.io"));
        Assert.False(await store.RemoveAsync("b.io"));
        Assert.Contains("psFormat", File.ReadAllText(FilePath));
    }

    [Fact]
    public async Task Identity_token_login()
    {
        var store = new CredentialStore(FilePath);
        await store.StoreAsync("r.io", RegistryCredential.FromIdentityToken("tok-123"));
        Assert.Contains("\"identitytoken\": \"tok-123\"", File.ReadAllText(FilePath));
        Assert.DoesNotContain("\"auth\"", File.ReadAllText(FilePath));
        var read = await store.GetAsync("r.io");
        Assert.Equal("tok-123", read!.IdentityToken);
        Assert.Null(read.Username);
    }

    [Fact]
    public async Task Docker_hub_uses_the_v1_url_key()
    {
        var store = new CredentialStore(FilePath);
        await store.StoreAsync("docker.io", RegistryCredential.FromPassword("u", "p"));
        Assert.Contains("\"https://index.docker.io/v1/\"", File.ReadAllText(FilePath));
        Assert.NotNull(await store.GetAsync("docker.io"));
        Assert.NotNull(await store.GetAsync("registry-1.docker.io"));
        Assert.True(await store.RemoveAsync("docker.io"));
        Assert.Null(await store.GetAsync("docker.io"));
    }

    [Fact]
    public async Task Legacy_fields_and_url_keys_are_read()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, """
            {"auths":{
              "https://old.example.com/v1/":{"username":"legacy","password":"pw"},
              "http://plain.example.com:5000":{"auth":"QTpC"},
              "tok.example.com":{"auth":"PHRva2VuPjo=","identitytoken":"refresh-1"},
              "bearer.example.com":{"registrytoken":"abc"}
            }}
            """);
        var store = new CredentialStore(FilePath);
        Assert.Equal(RegistryCredential.FromPassword("legacy", "pw"), await store.GetAsync("old.example.com"));
        Assert.Equal(RegistryCredential.FromPassword("A", "B"), await store.GetAsync("plain.example.com:5000"));
        Assert.Equal(RegistryCredential.FromIdentityToken("refresh-1"), await store.GetAsync("tok.example.com"));
        Assert.Equal("abc", (await store.GetAsync("bearer.example.com"))!.AccessToken);

        // Storing replaces the URL-keyed entry with a host key instead of leaving two.
        await store.StoreAsync("old.example.com", RegistryCredential.FromPassword("new", "pw2"));
        var text = File.ReadAllText(FilePath);
        Assert.DoesNotContain("https://old.example.com/v1/", text);
        Assert.Equal("new", (await store.GetAsync("old.example.com"))!.Username);
    }

    [Fact]
    public async Task Missing_or_empty_file_has_no_credentials()
    {
        var store = new CredentialStore(FilePath);
        Assert.Null(await store.GetAsync("x.io"));
        Assert.False(await store.RemoveAsync("x.io"));
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, "");
        Assert.Null(await store.GetAsync("x.io"));
    }

    [Fact]
    public async Task Corrupt_auth_field_error_does_not_echo_it()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllText(FilePath, """{"auths":{"x.io":{"auth":"!!secret!!"}}}""");
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => new CredentialStore(FilePath).GetAsync("x.io"));
        Assert.DoesNotContain("secret", ex.Message);
    }

    [Fact]
    public async Task Chain_prefers_kit_file_then_docker_config()
    {
        var kitHome = Path.Combine(_dir, "kit");
        var dockerDir = Path.Combine(_dir, "docker");
        Directory.CreateDirectory(dockerDir);
        File.WriteAllText(Path.Combine(dockerDir, "config.json"),
            "{\"auths\":{\"both.io\":{\"auth\":\"" + B64("docker:d") + "\"},\"docker-only.io\":{\"auth\":\"" + B64("docker:d2") + "\"}}}");
        var env = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = dockerDir, ["PATH"] = "", ["HOME"] = _dir };
        await KitCredentials.OpenStore(kitHome, env.GetValueOrDefault).StoreAsync("both.io", RegistryCredential.FromPassword("kit", "k"));

        var provider = KitCredentials.CreateProvider(kitHome, env.GetValueOrDefault);
        Assert.Equal("kit", (await provider.GetCredentialAsync("both.io"))!.Username);
        Assert.Equal(RegistryCredential.FromPassword("docker", "d2"), await provider.GetCredentialAsync("docker-only.io"));
        Assert.Null(await provider.GetCredentialAsync("none.io"));
    }

    [Fact]
    public void Docker_config_path_defaults_to_home()
    {
        var env = new Dictionary<string, string?> { ["HOME"] = "/home/u" };
        Assert.Equal("/home/u/.docker/config.json", KitCredentials.DockerConfigPath(env.GetValueOrDefault));
        env["DOCKER_CONFIG"] = "/etc/dc";
        Assert.Equal("/etc/dc/config.json", KitCredentials.DockerConfigPath(env.GetValueOrDefault));
    }
}
