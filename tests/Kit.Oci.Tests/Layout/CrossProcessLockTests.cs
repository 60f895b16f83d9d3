using System.Diagnostics;
using Kit.Oci.Layout;

namespace Kit.Oci.Tests.Layout;

/// <summary>Checks the lock against another process through util-linux flock(1), which uses flock(2) as .NET does.</summary>
public class CrossProcessLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // util-linux is part of every Debian system, so a missing flock(1) is a broken machine, not a reason to skip.
    private static void RequireFlock() =>
        Assert.True(File.Exists("/usr/bin/flock"), "/usr/bin/flock (util-linux) is missing");

    private static int Flock(string args)
    {
        using var p = Process.Start(new ProcessStartInfo("/usr/bin/flock", args) { RedirectStandardError = true })!;
        p.WaitForExit();
        return p.ExitCode;
    }

    [Fact]
    public async Task Index_update_holds_a_lock_other_processes_see()
    {
        RequireFlock();
        var store = new OciLayoutStore(_dir.Path);
        var lockPath = Path.Combine(_dir.Path, "index.lock");
        int whileHeld = -1;
        await store.UpdateIndexAsync(i =>
        {
            whileHeld = Flock($"--nonblock --conflict-exit-code 42 {lockPath} true");
            return i;
        });
        Assert.Equal(42, whileHeld);
        Assert.Equal(0, Flock($"--nonblock {lockPath} true"));
    }

    [Fact]
    public async Task Index_update_waits_for_another_process_holding_the_lock()
    {
        RequireFlock();
        var store = new OciLayoutStore(_dir.Path) { LockTimeout = TimeSpan.FromSeconds(20) };
        await store.UpdateIndexAsync(i => i);
        var lockPath = Path.Combine(_dir.Path, "index.lock");
        var marker = Path.Combine(_dir.Path, "released");
        // The marker appears while the other process still holds the lock, just before it lets go.
        using var other = Process.Start("/usr/bin/flock", $"--exclusive {lockPath} sh -c \"sleep 1; touch {marker}\"")!;
        // Wait until the other process really holds it, however slow its start.
        while (Flock($"--nonblock --conflict-exit-code 42 {lockPath} true") != 42)
        {
            Assert.False(other.HasExited, "flock process ended before taking the lock");
            await Task.Delay(20);
        }
        var releasedBeforeUpdate = false;
        await store.UpdateIndexAsync(i =>
        {
            releasedBeforeUpdate = File.Exists(marker);
            return i with { Manifests = [new Descriptor("t", Digest.Compute("x"u8), 1)] };
        });
        Assert.True(releasedBeforeUpdate, "the update ran while another process held the lock");
    }
}
