using Kit.Cli.Tests.Infrastructure;
using Kit.Cli.Tests.Registry;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// The published Native AOT binary itself, for what in-process runs cannot show: the README quick start as a user
/// runs it, the build metadata, a password piped into the real process's stdin.
/// </summary>
[UsesKitBinary]
public sealed class NativeBinaryTests : RemoteTestBase
{
    [Fact]
    public void Readme_quick_start_packs_the_example_from_the_repository_root()
    {
        var packed = Kit.RunIn(RepoPaths.Root, null, "pack", "examples/sentiment", "-t", "sentiment:0.1.0").ShouldSucceed();
        var digest = packed.Stdout.Trim()["Model saved: ".Length..];
        Assert.Contains(("sentiment", "0.1.0", digest), ListRows());
    }

    [Fact]
    public void Version_reports_the_commit_it_was_built_from()
    {
        var version = Kit.Run("version").ShouldSucceed().Stdout;
        Assert.Matches(@"(?m)^Version: \d+\.\d+\.\d+", version);
        Assert.Matches(@"(?m)^Commit: [0-9a-f]{7,}$", version);
    }

    [RegistryFact]
    public async Task Login_reads_the_password_from_the_process_stdin()
    {
        await using var registry = await RegistryFixture.StartAsync(RegistryMode.TlsBasicAuth);
        var login = Login(registry, registry.Password).ShouldSucceed();
        Assert.Contains("Log in successful", login.Stdout, StringComparison.Ordinal);
        AssertSecretAbsent(login, registry.Password);
        Assert.Contains(registry.HostPort, File.ReadAllText(CredentialsFile), StringComparison.Ordinal);
    }
}
