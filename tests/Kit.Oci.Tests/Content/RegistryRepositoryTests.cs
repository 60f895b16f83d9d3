using Kit.Oci.Content;
using Kit.Oci.Remote;
using Kit.Oci.Tests.Remote;
using Kit.TestSupport;

namespace Kit.Oci.Tests.Content;

/// <summary>The conformance suite against the real distribution registry, one repository per test.</summary>
[Collection(RegistryCollection.Name)]
[NeedsRegistry]
public sealed class RegistryRepositoryTests(RegistryFixture registry) : StorageConformanceTests, IDisposable
{
    private readonly HttpClient _http = RegistryHttpClientFactory.Create(new RegistryHttpClientOptions { Version = "test" });
    private RemoteRepository? _repository;

    protected override ITarget Store => _repository ??= new RemoteRepository(_http, registry.HostPort, "conformance/" + Guid.NewGuid().ToString("N"),
        new RemoteRepositoryOptions { PlainHttp = true });

    public void Dispose() => _http.Dispose();

    protected override void AssertRefused(Exception refusal)
    {
        var e = Assert.IsType<RegistryException>(refusal, exactMatch: false);
        Assert.True(e.HasErrorCode("DIGEST_INVALID"), e.Message);
    }

    protected override async Task DamageAsync(Descriptor stored, bool truncate)
    {
        var path = Path.Combine(registry.DataDirectory, "docker", "registry", "v2", "blobs", "sha256", stored.Digest.Hex[..2], stored.Digest.Hex, "data");
        await File.WriteAllBytesAsync(path, MemoryStoreTests.Damage(await File.ReadAllBytesAsync(path), truncate));
    }
}
