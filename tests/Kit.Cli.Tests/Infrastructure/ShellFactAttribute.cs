using Kit.TestSupport;

namespace Kit.Cli.Tests.Infrastructure;

/// <summary>A test that runs a shell: skipped where it is not installed, but failing with <c>CI=true</c>, where ./test.sh installs it.</summary>
public sealed class ShellFactAttribute(string shell) : FactAttribute
{
    public override string? Skip
    {
        get => base.Skip ?? (TestEnvironment.IsCI || OnPath(shell) ? null : $"not installed: {shell} (./test.sh installs it as root; in CI this fails)");
        set => base.Skip = value;
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
