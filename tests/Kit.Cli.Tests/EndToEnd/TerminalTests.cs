using System.Diagnostics;
using System.Text.RegularExpressions;
using Kit.Cli.Tests.Infrastructure;

namespace Kit.Cli.Tests.EndToEnd;

/// <summary>
/// kit on a real pseudo-terminal (util-linux <c>script</c>): no terminal mode change, not even during a live display, a
/// moving display for a long pack, rows that fit 80 columns.
/// </summary>
[UsesKitBinary]
public sealed partial class TerminalTests : KitTestBase
{
    private const string KeypadTransmit = "\u001b[?1h";
    private const string KeypadApplication = "\u001b=";

    /// <summary>Everything kit wrote to the terminal (stdout and stderr share it), with stdin a terminal too.</summary>
    private string OnTerminal(int columns, params string[] args)
    {
        var command = string.Join(' ', new[] { RepoPaths.KitBinary }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var psi = new ProcessStartInfo(Tools.Find("script"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Work.Path,
        };
        foreach (var a in new[] { "-qefc", $"stty cols {columns} rows 40; exec {command}", "/dev/null" }) psi.ArgumentList.Add(a);
        psi.Environment.Clear();
        foreach (var (name, value) in Kit.Environment()) psi.Environment[name] = value;
        psi.Environment["TERM"] = "xterm-256color";
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(3)), "kit on a terminal did not finish");
        Assert.True(p.ExitCode == 0, $"kit {string.Join(' ', args)} exited {p.ExitCode}:\n{output.Result}\n{error.Result}");
        return output.Result;
    }

    [Fact]
    public void Commands_change_no_terminal_mode()
    {
        Work.WriteFile("p/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: m\n");
        Work.WriteFile("p/m/w.bin", "w");
        Kit.Run("pack", Work.Combine("p"), "-t", "a:1").ShouldSucceed();
        foreach (var args in new[] { new[] { "list" }, ["version"], ["info", "a:1"], ["list", "--format", "json"] })
        {
            AssertNoKeypadMode(OnTerminal(80, args));
        }
    }

    [Fact]
    public void A_long_pack_shows_a_moving_display_that_fits_80_columns_and_changes_no_terminal_mode()
    {
        const long size = 512L << 20;
        Work.WriteFile("big/Kitfile", "manifestVersion: 1.0.0\nmodel:\n  path: weights.bin\n");
        using (var weights = File.Create(Work.Combine("big", "weights.bin")))
            weights.SetLength(size); // sparse: reads as zeros at memory speed

        var output = OnTerminal(80, "pack", Work.Combine("big"), "-t", "big:1");

        var screens = Screens(output);
        var rows = screens.Where(l => l.StartsWith("Packing  model", StringComparison.Ordinal)).ToList();
        Assert.True(rows.Distinct(StringComparer.Ordinal).Count() >= 2, "the pack row did not move:\n" + string.Join('\n', screens));
        Assert.Contains(screens, l => l.StartsWith("Saved    model", StringComparison.Ordinal));
        Assert.All(screens.Where(l => !l.StartsWith("Model saved", StringComparison.Ordinal)),
            l => Assert.True(l.TrimEnd().Length < 80, $"{l.TrimEnd().Length} columns: {l}"));
        Assert.Contains(screens, l => l.StartsWith("Model saved: sha256:", StringComparison.Ordinal));
        AssertNoKeypadMode(output);

        var unpack = OnTerminal(80, "unpack", "big:1", "-d", Work.Combine("out"));
        var unpackScreens = Screens(unpack);
        Assert.Contains(unpackScreens, l => l.StartsWith("Reading  model", StringComparison.Ordinal));
        Assert.Contains(unpackScreens, l => l.StartsWith("Unpacked model", StringComparison.Ordinal));
        Assert.All(unpackScreens, l => Assert.True(l.TrimEnd().Length < 80, $"{l.TrimEnd().Length} columns: {l}"));
        AssertNoKeypadMode(unpack);
        Assert.Equal(size, new FileInfo(Work.Combine("out", "weights.bin")).Length);
    }

    private static List<string> Screens(string output) =>
        output.Split('\n', '\r').Select(l => Ansi().Replace(l, "")).Where(l => l.Trim().Length > 0).ToList();

    private static void AssertNoKeypadMode(string output)
    {
        Assert.DoesNotContain(KeypadTransmit, output, StringComparison.Ordinal);
        Assert.DoesNotContain(KeypadApplication, output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[ -/]*[@-~]|[=>]|\][^\x07]*\x07)")]
    private static partial Regex Ansi();
}
