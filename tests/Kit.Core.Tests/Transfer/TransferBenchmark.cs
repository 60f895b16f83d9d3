using Kit.TestSupport;
using System.Diagnostics;
using Kit.Core.References;
using Kit.Core.Store;
using Kit.Core.Transfer;
using Kit.Oci;
using Kit.Oci.Remote;
using Xunit.Abstractions;

namespace Kit.Core.Tests.Transfer;

/// <summary>
/// Push and pull of one large layer through the engine against the real registry; runs only with KIT_BENCH=1
/// (size: KIT_BENCH_MB, default 1024). Prints timings, asserts nothing about them.
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class TransferBenchmark(RegistryFixture registry, ITestOutputHelper output)
{
    [Fact]
    public async Task Push_and_pull_one_large_layer()
    {
        if (Environment.GetEnvironmentVariable("KIT_BENCH") != "1" || !RegistryFixture.Available)
            return;
        var mb = int.TryParse(Environment.GetEnvironmentVariable("KIT_BENCH_MB"), out var m) ? m : 1024;
        var dir = Directory.CreateTempSubdirectory("kit-transfer-bench-").FullName;
        try
        {
            var source = LocalModelStore.Open(Path.Combine(dir, "src"));
            Descriptor layer;
            await using (var writer = source.Layout.BeginBlobWrite())
            {
                var chunk = new byte[1 << 20];
                for (var i = 0; i < mb; i++)
                {
                    Random.Shared.NextBytes(chunk);
                    await writer.WriteAsync(chunk);
                }
                layer = await writer.CommitAsync("application/vnd.kitops.modelkit.model.v1.tar");
            }
            var config = await source.Layout.PutBytesAsync("application/vnd.kitops.modelkit.config.v1+json", "{\"manifestVersion\":\"1.0.0\"}"u8.ToArray());
            var manifest = await source.Layout.PutBytesAsync(MediaTypes.ImageManifest, new Manifest(config, [layer]).ToJsonBytes());
            await source.AddManifestAsync("localhost/bench/model", manifest, ["v1"]);

            using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions());
            var remote = new RemoteRepository(http, registry.Host, "bench/model", new RemoteRepositoryOptions { PlainHttp = true });
            for (var run = 1; run <= 2; run++)
            {
                var repo = new RemoteRepository(http, registry.Host, $"bench/model{run}", new RemoteRepositoryOptions { PlainHttp = true });
                var sw = Stopwatch.StartNew();
                await new ModelKitPusher(source).PushAsync(ModelReference.Parse("localhost/bench/model:v1"), repo, "v1");
                output.WriteLine($"push {mb} MiB: {sw.Elapsed.TotalSeconds:F2} s");

                var target = LocalModelStore.Open(Path.Combine(dir, "dst" + run));
                var timing = new TimingObserver(layer.Digest);
                sw.Restart();
                await new ModelKitPuller(target, new TransferOptions { Observer = timing }).PullAsync(repo, "v1");
                var total = sw.Elapsed.TotalSeconds;
                output.WriteLine($"pull {mb} MiB: {total:F2} s (last byte at {timing.LastByte.TotalSeconds:F2} s after start of blob, committed at {timing.Done.TotalSeconds:F2} s)");
                if (File.Exists("/usr/bin/skopeo"))
                {
                    sw.Restart();
                    Skopeo("copy", "--src-tls-verify=false", $"docker://{registry.Host}/bench/model{run}:v1", $"oci:{Path.Combine(dir, "skopeo" + run)}:x");
                    var skopeoPull = sw.Elapsed.TotalSeconds;
                    sw.Restart();
                    Skopeo("copy", "--dest-tls-verify=false", $"oci:{source.Layout.Root}:localhost/bench/model:v1", $"docker://{registry.Host}/bench/skopeo{run}:v1");
                    output.WriteLine($"skopeo pull {skopeoPull:F2} s (kit/skopeo {total / skopeoPull:F2}), skopeo push {sw.Elapsed.TotalSeconds:F2} s");
                }
            }
        }
        finally
        {
            foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
                File.SetAttributes(f, FileAttributes.Normal);
            Directory.Delete(dir, true);
        }
    }

    private static void Skopeo(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo("/usr/bin/skopeo", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException("skopeo failed: " + err);
    }

    private sealed class TimingObserver(Digest watched) : ITransferObserver
    {
        private readonly Stopwatch _clock = new();
        public TimeSpan LastByte { get; private set; }
        public TimeSpan Done { get; private set; }

        public void BlobStarted(Descriptor blob, TransferBlobKind kind)
        {
            if (blob.Digest == watched) _clock.Start();
        }

        public void BlobProgress(Descriptor blob, long bytes)
        {
            if (blob.Digest == watched && bytes == blob.Size) LastByte = _clock.Elapsed;
        }

        public void BlobCompleted(Descriptor blob, BlobTransferOutcome outcome)
        {
            if (blob.Digest == watched) Done = _clock.Elapsed;
        }
    }
}
