namespace Kit.TestSupport;

/// <summary>
/// The one rule for tests that need an installed program (the registry, skopeo): in CI (<c>CI=true</c>) a missing
/// program fails the test; elsewhere the test is skipped and says what to install.
/// </summary>
public static class TestEnvironment
{
    public static bool IsCI => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The full path of <paramref name="tool"/> on PATH, or null.</summary>
    public static string? FindTool(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists);

    /// <summary>Why a test needing these programs is skipped here; null when it runs (all present, or in CI).</summary>
    public static string? SkipReason(bool registry, bool skopeo)
    {
        if (IsCI)
            return null;
        var missing = new List<string>();
        if (registry && !RegistryFixture.Available)
            missing.Add($"docker-registry ({RegistryFixture.BinaryPath})");
        if (skopeo && FindTool("skopeo") is null)
            missing.Add("skopeo");
        return missing.Count == 0 ? null : $"not installed: {string.Join(", ", missing)} (./test.sh installs them as root; in CI this fails)";
    }

    /// <summary>The path of skopeo; fails the test when it is missing (its attribute skips it first outside CI).</summary>
    public static string Skopeo() =>
        FindTool("skopeo") ?? throw new InvalidOperationException("skopeo is not installed: ./test.sh installs it (apt-get install skopeo) when run as root");
}

/// <summary>A test that needs the real registry (and skopeo with <see cref="Skopeo"/>): skipped only when missing outside CI.</summary>
public sealed class RegistryFactAttribute : FactAttribute
{
    public bool Skopeo { get; set; }

    public override string? Skip
    {
        get => base.Skip ?? TestEnvironment.SkipReason(registry: true, Skopeo);
        set => base.Skip = value;
    }
}

/// <inheritdoc cref="RegistryFactAttribute"/>
public sealed class RegistryTheoryAttribute : TheoryAttribute
{
    public bool Skopeo { get; set; }

    public override string? Skip
    {
        get => base.Skip ?? TestEnvironment.SkipReason(registry: true, Skopeo);
        set => base.Skip = value;
    }
}

/// <summary>A test that needs skopeo but no registry: skipped only when it is missing outside CI.</summary>
public sealed class SkopeoFactAttribute : FactAttribute
{
    public override string? Skip
    {
        get => base.Skip ?? TestEnvironment.SkipReason(registry: false, skopeo: true);
        set => base.Skip = value;
    }
}
