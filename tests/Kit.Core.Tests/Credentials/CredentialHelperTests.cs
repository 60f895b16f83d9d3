using System.Text;
using Kit.Core.Credentials;
using Kit.Oci.Remote.Auth;

namespace Kit.Core.Tests.Credentials;

/// <summary>A shell-script helper in a temp dir stands in for docker-credential-pass and friends.</summary>
public sealed class CredentialHelperTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kit-helper-").FullName;

    public CredentialHelperTests()
    {
        // get: answers for two servers (one identity token); store/erase: append stdin to a log.
        var script = """
            #!/bin/sh
            log="$(dirname "$0")/helper.log"
            input=$(cat)
            case "$1" in
              get)
                case "$input" in
                  reg.example.com) echo '{"ServerURL":"reg.example.com","Username":"helper-user","Secret":"helper-secret"}' ;;
                  tok.example.com) echo '{"ServerURL":"tok.example.com","Username":"<token>","Secret":"id-token"}' ;;
                  broken.example.com) echo 'boom: keychain locked'; exit 3 ;;
                  *) echo 'credentials not found in native keychain'; exit 1 ;;
                esac ;;
              store) echo "store $input" >> "$log" ;;
              erase) echo "erase $input" >> "$log" ;;
              *) exit 2 ;;
            esac
            """;
        var path = Path.Combine(_dir, "docker-credential-fake");
        File.WriteAllText(path, script.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathVariable => _dir + Path.PathSeparator + "/usr/bin" + Path.PathSeparator + "/bin";

    private string Log => File.Exists(Path.Combine(_dir, "helper.log")) ? File.ReadAllText(Path.Combine(_dir, "helper.log")) : "";

    [Fact]
    public async Task Get_parses_username_secret_and_identity_tokens()
    {
        var helper = new CredentialHelper("fake", PathVariable);
        Assert.Equal(RegistryCredential.FromPassword("helper-user", "helper-secret"), await helper.GetAsync("reg.example.com"));
        Assert.Equal(RegistryCredential.FromIdentityToken("id-token"), await helper.GetAsync("tok.example.com"));
        Assert.Null(await helper.GetAsync("unknown.example.com"));
    }

    [Fact]
    public async Task Failures_and_missing_helpers_are_typed()
    {
        var ex = await Assert.ThrowsAsync<CredentialHelperException>(() => new CredentialHelper("fake", PathVariable).GetAsync("broken.example.com"));
        Assert.Contains("boom: keychain locked", ex.Message);
        var missing = await Assert.ThrowsAsync<CredentialHelperException>(() => new CredentialHelper("absent", PathVariable).GetAsync("x"));
        Assert.Equal("credential helper docker-credential-absent: not found on PATH", missing.Message);
    }

    [Fact]
    public async Task CredsStore_and_credHelpers_in_a_config_file()
    {
        var config = Path.Combine(_dir, "config.json");
        File.WriteAllText(config, """{"auths":{"reg.example.com":{}},"credHelpers":{"tok.example.com":"fake"},"credsStore":"fake"}""");
        var store = new CredentialStore(config, PathVariable);
        Assert.Equal("helper-user", (await store.GetAsync("reg.example.com"))!.Username);
        Assert.Equal("id-token", (await store.GetAsync("tok.example.com"))!.IdentityToken);
        Assert.Null(await store.GetAsync("nobody.example.com"));
    }

    [Fact]
    public async Task Store_and_remove_go_to_the_helper_and_keep_secrets_out_of_the_file()
    {
        var config = Path.Combine(_dir, "credentials.json");
        File.WriteAllText(config, """{"credsStore":"fake"}""");
        var store = new CredentialStore(config, PathVariable);
        await store.StoreAsync("new.example.com", RegistryCredential.FromPassword("u", "very-secret"));
        Assert.Contains("store {\"ServerURL\":\"new.example.com\",\"Username\":\"u\",\"Secret\":\"very-secret\"}", Log);
        var text = File.ReadAllText(config);
        Assert.DoesNotContain("very-secret", text);
        Assert.Contains("\"new.example.com\": {}", text);

        Assert.True(await store.RemoveAsync("reg.example.com"));
        Assert.Contains("erase reg.example.com", Log);
    }

    [Fact]
    public async Task Docker_config_helper_feeds_the_auth_handler_chain()
    {
        var dockerDir = Path.Combine(_dir, "docker");
        Directory.CreateDirectory(dockerDir);
        File.WriteAllText(Path.Combine(dockerDir, "config.json"), """{"credHelpers":{"reg.example.com":"fake"}}""");
        var env = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = dockerDir, ["PATH"] = PathVariable };
        var provider = KitCredentials.CreateProvider(Path.Combine(_dir, "kit"), env.GetValueOrDefault);
        Assert.Equal("helper-secret", (await provider.GetCredentialAsync("reg.example.com"))!.Password);
        Assert.Null(await provider.GetCredentialAsync("other.example.com"));
    }
}
