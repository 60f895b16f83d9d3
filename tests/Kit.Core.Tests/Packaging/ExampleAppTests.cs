using System.Text.RegularExpressions;
using Kit.Core.Client;
using Kit.Core.Remote;
using Kit.Core.Tests.Transfer;
using Kit.TestSupport;

namespace Kit.Core.Tests.Packaging;

/// <summary>
/// examples/dotnet-app built against the KitDotNet.Core package from the feed (not the project), run against the real
/// registry: it pulls a ModelKit and prints the first line of its model file.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class ExampleAppTests(RegistryFixture registry) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kit-example-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [PackageFact]
    public async Task The_example_app_built_from_the_package_pulls_a_modelkit_and_reads_its_model_file()
    {
        PackageFeed.Require();
        Assert.True(RegistryFixture.Available, $"{RegistryFixture.BinaryPath} is missing; install the docker-registry package");
        var reference = $"{registry.HostPort}/examples/dotnet-app:v1";
        await PushModelKitAsync(reference);

        // Our packages come from the feed alone: the packages folder is ours, and any KitDotNet copy an earlier run left
        // there is deleted first. Dependencies (YamlDotNet) stay cached between runs.
        var packages = Path.Combine(PackageFeed.Root, ".build", "example-packages");
        foreach (var stale in new[] { "kitdotnet.core", "kitdotnet.oci" })
        {
            if (Directory.Exists(Path.Combine(packages, stale))) Directory.Delete(Path.Combine(packages, stale), recursive: true);
        }
        var nuget = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
        var artifacts = Path.Combine(_root, "artifacts");
        PackageFeed.Run("dotnet", ["build", Path.Combine(PackageFeed.Root, "examples", "dotnet-app"), "-c", "Release", "-nologo", "-v", "q",
            "--artifacts-path", artifacts, $"-p:KitVersion={PackageFeed.Version}"], nuget);
        var app = Directory.EnumerateFiles(artifacts, "PullModel.dll", SearchOption.AllDirectories).Single(f => f.Contains("/bin/", StringComparison.Ordinal));
        // Built against the package, not the sources.
        var deps = await File.ReadAllTextAsync(Path.ChangeExtension(app, ".deps.json"));
        Assert.Matches($"\"KitDotNet.Core/{Regex.Escape(PackageFeed.Version)}\":\\s*{{\\s*\"type\": \"package\"", deps);
        Assert.DoesNotMatch("\"Kit.Core/[^\"]*\":\\s*{\\s*\"type\": \"project\"", deps);

        var home = Path.Combine(_root, "home");
        var output = PackageFeed.Run("dotnet", [app, reference, "--plain-http"], new Dictionary<string, string>
        {
            ["KITOPS_HOME"] = home,
            ["HOME"] = _root,
            ["DOCKER_CONFIG"] = Path.Combine(_root, "docker"),
        });
        Assert.EndsWith("\nweights v1: 0.25 0.5 0.125\n", output);
        Assert.Contains(": model/weights.txt\n", output);
    }

    /// <summary>Packs and pushes a small ModelKit with the library itself (the project, not the package).</summary>
    private async Task PushModelKitAsync(string reference)
    {
        var project = Path.Combine(_root, "project");
        Directory.CreateDirectory(Path.Combine(project, "model"));
        await File.WriteAllTextAsync(Path.Combine(project, "Kitfile"), """
            manifestVersion: 1.0.0
            package:
              name: example
            model:
              name: weights
              path: model
            docs:
              - path: README.md
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "model", "weights.txt"), "weights v1: 0.25 0.5 0.125\nsecond line\n");
        await File.WriteAllTextAsync(Path.Combine(project, "README.md"), "# example\n");
        using var kit = new KitClient(new KitClientOptions
        {
            Home = Path.Combine(_root, "author"),
            Network = new RemoteSettings { PlainHttp = true },
            Environment = name => name == "HOME" ? _root : null,
        });
        await kit.PackAsync(project, new PackOptions { Tag = reference });
        await kit.PushAsync(reference);
    }
}
