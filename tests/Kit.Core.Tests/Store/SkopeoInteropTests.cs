using System.Diagnostics;
using System.Text;
using Kit.Core.Store;
using Kit.Oci;

namespace Kit.Core.Tests.Store;

/// <summary>The store is a plain OCI layout: skopeo reads our tags and we read what skopeo writes. Needs skopeo, which test.sh installs.</summary>
public class SkopeoInteropTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kit-skopeo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, true); }
        catch (IOException) { }
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(TestEnvironment.Skopeo()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    [SkopeoFact]
    public async Task Skopeo_reads_a_tag_and_we_read_a_skopeo_copy()
    {
        var store = LocalModelStore.Open(Path.Combine(_root, "storage"));
        var config = await store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.config.v1+json", "{}"u8.ToArray());
        var layer = await store.Layout.PutBytesAsync("application/vnd.kitops.modelkit.model.v1.tar", new byte[1024]);
        var manifestBytes = new Manifest(config, [layer]).ToJsonBytes();
        var manifest = await store.Layout.PutBytesAsync(MediaTypes.ImageManifest, manifestBytes);
        await store.AddManifestAsync("localhost/test", manifest, ["v1"]);

        var inspect = Run("inspect", "--raw", $"oci:{store.Layout.Root}:localhost/test:v1");
        Assert.True(inspect.Code == 0, inspect.Err);
        Assert.Equal(Encoding.UTF8.GetString(manifestBytes), inspect.Out.TrimEnd('\n'));

        // skopeo adds an entry of its own (bare ref name) into the same index.json.
        var copy = Run("copy", "--quiet", $"oci:{store.Layout.Root}:localhost/test:v1", $"oci:{store.Layout.Root}:copied");
        Assert.True(copy.Code == 0, copy.Err);
        await store.TagAsync("localhost/test", "v2", manifest);

        var list = await store.ListAsync();
        Assert.Equal(["v1", "v2"], Assert.Single(list, m => m.Repository == "localhost/test").Tags);
        Assert.Equal(["copied"], Assert.Single(list, m => m.Repository == "").Tags);
        Assert.Empty((await store.CollectGarbageAsync()).DeletedBlobs);
        Assert.Equal(0, Run("inspect", "--raw", $"oci:{store.Layout.Root}:copied").Code);
    }
}
