using System.IO.Compression;

namespace Kit.Core.Tests.Packaging;

/// <summary>The kit-dotnet tool packages: what <c>dotnet tool install</c> installs from the feed runs.</summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kit-tool-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [PackageFact]
    public void Dotnet_tool_install_from_the_feed_gives_a_native_kit_command()
    {
        PackageFeed.Require();
        var tools = Path.Combine(_root, "tools");
        // A packages folder of its own: a kit-dotnet of the same version cached by an earlier run is never used.
        PackageFeed.Run("dotnet", ["tool", "install", "kit-dotnet", "--version", PackageFeed.Version, "--tool-path", tools, "--add-source", PackageFeed.Directory],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_root, "packages") });

        var kit = Path.Combine(tools, "kit");
        Assert.StartsWith($"Version: {PackageFeed.Version}\n", PackageFeed.Run(kit, ["version"], Hermetic()));
        // On linux-x64 the RID-specific package (Native AOT) is chosen, not the framework-dependent one.
        Assert.Contains("kit-dotnet.linux-x64", new FileInfo(kit).ResolveLinkTarget(returnFinalTarget: true)!.FullName);
    }

    [PackageFact]
    public void The_framework_dependent_package_for_other_platforms_runs_on_the_dotnet_runtime()
    {
        PackageFeed.Require();
        var extracted = Path.Combine(_root, "any");
        ZipFile.ExtractToDirectory(PackageFeed.Package("kit-dotnet.any"), extracted);
        var output = PackageFeed.Run("dotnet", [Path.Combine(extracted, "tools", "net10.0", "any", "kit.dll"), "version"], Hermetic());
        Assert.StartsWith($"Version: {PackageFeed.Version}\n", output);
    }

    private Dictionary<string, string> Hermetic() => new() { ["HOME"] = _root, ["KITOPS_HOME"] = Path.Combine(_root, "home") };
}
