using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>A refused login says what the user most likely left out.</summary>
public sealed class LoginAdviceTests : RemoteTestBase
{
    [RegistryFact]
    public async Task Password_stdin_without_a_username_says_that_u_is_missing()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        var result = Kit.RunIn(null, registry.Password + "\n", "login", registry.HostPort, "--password-stdin", "--tls-verify=false");
        var line = result.ShouldFail().SingleErrorLine();
        Assert.Contains("no username was given (-u/--username)", line, StringComparison.Ordinal);
        AssertSecretAbsent(result, registry.Password);
        Assert.False(File.Exists(CredentialsFile));
    }
}
