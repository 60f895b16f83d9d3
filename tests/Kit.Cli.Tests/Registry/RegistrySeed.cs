using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Kit.Oci.Remote;
using Kit.Oci.Remote.Auth;

namespace Kit.Cli.Tests.Registry;

/// <summary>
/// Puts a tiny OCI artifact into a fixture's registry with raw HTTP (independent of kit's own client), so tests
/// have something to pull, list or inspect.
/// </summary>
public static class RegistrySeed
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";

    /// <returns>The manifest digest.</returns>
    public const string ModelKitConfigMediaType = "application/vnd.kitops.modelkit.config.v1+json";

    /// <param name="configMediaType">Another type than the ModelKit config makes an artifact kit must not take for a ModelKit.</param>
    public static async Task<string> PushArtifactAsync(this RegistryFixture registry, string repository, string tag, byte[]? layer = null,
        string configMediaType = ModelKitConfigMediaType)
    {
        var credentials = new StaticCredentialProvider(registry.HostPort, RegistryCredential.FromPassword(registry.Username, registry.Password));
        using var client = new HttpClient(new AuthHandler(registry.CreateTransport(), credentials)) { BaseAddress = registry.BaseAddress };
        var config = "{}"u8.ToArray();
        layer ??= Encoding.UTF8.GetBytes("kit test layer");
        var configDigest = await PushBlobAsync(client, registry, repository, config);
        var layerDigest = await PushBlobAsync(client, registry, repository, layer);
        var manifest = Encoding.UTF8.GetBytes(
            $$"""{"schemaVersion":2,"mediaType":"{{ManifestMediaType}}","config":{"mediaType":"{{configMediaType}}","digest":"{{configDigest}}","size":{{config.Length}}},"layers":[{"mediaType":"application/vnd.kitops.modelkit.model.v1.tar","digest":"{{layerDigest}}","size":{{layer.Length}}}]}""");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v2/{repository}/manifests/{tag}")
            .WithScopes(Scope.RepositoryPush(repository))
            .WithContentFactory(() =>
            {
                var content = new ByteArrayContent(manifest);
                content.Headers.ContentType = new MediaTypeHeaderValue(ManifestMediaType);
                return content;
            });
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException(registry.Describe($"manifest PUT answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}"));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest));
    }

    private static async Task<string> PushBlobAsync(HttpClient client, RegistryFixture registry, string repository, byte[] blob)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(blob));
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/").WithScopes(Scope.RepositoryPush(repository));
        using var started = await client.SendAsync(start);
        if (started.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException(registry.Describe($"upload POST answered {started.StatusCode}"));
        var location = new Uri(registry.BaseAddress, started.Headers.Location!);
        using var put = new HttpRequestMessage(HttpMethod.Put, location + (location.Query.Length > 0 ? "&" : "?") + "digest=" + digest)
            .WithScopes(Scope.RepositoryPush(repository))
            .WithContentFactory(() =>
            {
                var content = new ByteArrayContent(blob);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return content;
            });
        using var done = await client.SendAsync(put);
        if (done.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException(registry.Describe($"blob PUT answered {done.StatusCode}"));
        return digest;
    }
}
