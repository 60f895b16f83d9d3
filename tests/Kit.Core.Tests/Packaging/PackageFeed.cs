using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Kit.Core.Tests.Packaging;

/// <summary>
/// The local NuGet feed ./test.sh fills with <c>dotnet pack</c> (<c>.build/feed</c>): the library packages and the tool
/// packages. Tests that use it fail, never skip, when it is missing and CI=true.
/// </summary>
internal static partial class PackageFeed
{
    public static string Root { get; } = FindRoot();

    public static string Directory => Path.Combine(Root, ".build", "feed");

    public static bool Available => File.Exists(Path.Combine(Directory, $"KitDotNet.Core.{Version}.nupkg"));

    /// <summary>The version the packages were built with (the repository's <c>Version</c>), read from the feed.</summary>
    public static string Version => System.IO.Directory.Exists(Directory)
        ? System.IO.Directory.EnumerateFiles(Directory, "KitDotNet.Core.*.nupkg").Select(f => CoreVersion().Match(Path.GetFileName(f)).Groups[1].Value)
            .FirstOrDefault() ?? "none"
        : "none";

    public static string Package(string id) => Path.Combine(Directory, $"{id}.{Version}.nupkg");

    /// <summary>Fails the test with how to make the feed when it is missing.</summary>
    public static void Require() =>
        Assert.True(Available, $"no packages in {Directory}: ./test.sh packs them (dotnet pack ... -o .build/feed) before running the tests");

    /// <summary>Runs a process to completion; fails the test, with its output, when it exits non-zero.</summary>
    public static string Run(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Root,
        };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        // The child must not mistake itself for part of the test host, nor use the caller's dotnet-test settings.
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");
        psi.Environment.Remove("MSBuildSDKsPath");
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{stdout}\n{stderr.Result}");
        return stdout;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Kit.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("cannot find the repository root (Kit.slnx) above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^KitDotNet\.Core\.(.+)\.nupkg$")]
    private static partial Regex CoreVersion();
}

/// <summary>A test of the packed packages: skipped only outside CI when ./test.sh has not packed them.</summary>
internal sealed class PackageFactAttribute : FactAttribute
{
    public PackageFactAttribute()
    {
        if (!PackageFeed.Available && !Kit.TestSupport.TestEnvironment.IsCI)
            Skip = $"no packages in {PackageFeed.Directory}: run ./test.sh";
    }
}
