using Kit.TestSupport;
using System.Diagnostics;
using Kit.Oci.Layout;
using Kit.Oci.Remote;
using Xunit.Abstractions;

namespace Kit.Oci.Tests.Remote;

/// <summary>Throughput check against the real registry; runs only with KIT_BENCH_MB set (e.g. 1024).</summary>
[Collection(RegistryCollection.Name)]
public sealed class TransferBenchmark(RegistryFixture registry, ITestOutputHelper output)
{
    [Fact]
    public async Task Push_and_pull_large_blob()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("KIT_BENCH_MB"), out var mb) || !RegistryFixture.Available)
            return;
        var dir = Directory.CreateTempSubdirectory("kit-bench-").FullName;
        try
        {
            var file = Path.Combine(dir, "blob");
            var data = new byte[1 << 20];
            await using (var f = File.Create(file))
            {
                for (var i = 0; i < mb; i++)
                {
                    Random.Shared.NextBytes(data);
                    await f.WriteAsync(data);
                }
            }
            Descriptor d;
            await using (var f = File.OpenRead(file))
                d = new Descriptor("application/octet-stream", Digest.FromHash(await System.Security.Cryptography.SHA256.HashDataAsync(f)), f.Length);
            using var http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions());
            var repo = new RemoteRepository(http, registry.Host, "bench/blob", new() { PlainHttp = true });
            var sw = Stopwatch.StartNew();
            await repo.PushBlobAsync(d, () => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));
            output.WriteLine($"push {mb} MiB: {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            using (var raw = await http.GetAsync(new Uri(repo.BaseUri, "blobs/" + d.Digest), HttpCompletionOption.ResponseHeadersRead))
                await (await raw.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
            output.WriteLine($"raw GET {mb} MiB: {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            await repo.FetchBlobAsync(d, Stream.Null);
            output.WriteLine($"verified fetch to null {mb} MiB: {sw.Elapsed.TotalSeconds:F2} s");
            sw.Restart();
            await using (var plain = new FileStream(Path.Combine(dir, "plain"), FileMode.Create, FileAccess.Write, FileShare.None, 1))
                await repo.FetchBlobAsync(d, plain);
            output.WriteLine($"verified fetch to plain file {mb} MiB: {sw.Elapsed.TotalSeconds:F2} s");
            File.Delete(Path.Combine(dir, "plain"));
            var store = new OciLayoutStore(Path.Combine(dir, "store"));
            sw.Restart();
            await using (var writer = store.BeginBlobWrite())
            {
                await repo.DownloadBlobAsync(d, writer);
                output.WriteLine($"  (committed after {sw.Elapsed.TotalSeconds:F2} s)");
            }
            output.WriteLine($"pull {mb} MiB: {sw.Elapsed.TotalSeconds:F2} s");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
