using System.Diagnostics;

namespace Kit.Cli.Tests.Infrastructure;

/// <summary>Runs external tools the test script installs (skopeo). Missing tools fail the test, never skip it.</summary>
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

    public static string Find(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail($"{tool} is not installed: ./test.sh installs it (apt-get install {tool}) when run as root");
        return null!;
    }
}
