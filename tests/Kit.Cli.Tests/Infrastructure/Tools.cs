using System.Diagnostics;

namespace Kit.Cli.Tests.Infrastructure;

/// <summary>Runs external tools the test script installs (skopeo). A missing tool fails the test in CI and skips it elsewhere (see <see cref="TestEnvironment"/>).</summary>
public static class Tools
{
    public static byte[] Run(string tool, params string[] args)
    {
        var path = Find(tool);
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        using var ms = new MemoryStream();
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{tool} {string.Join(' ', args)} exited {p.ExitCode}: {err.Result}");
        return ms.ToArray();
    }

    /// <summary>The tool's path; tests that call this carry <c>[RegistryFact(Skopeo = true)]</c> or similar, so outside CI a missing tool skips them first.</summary>
    public static string Find(string tool) =>
        TestEnvironment.FindTool(tool) ?? throw new InvalidOperationException($"{tool} is not installed: ./test.sh installs it (apt-get install {tool}) when run as root");
}
