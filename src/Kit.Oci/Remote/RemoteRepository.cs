using System.Net;
using System.Net.Http.Headers;

namespace Kit.Oci.Remote;

/// <summary>
/// One repository on an OCI distribution-spec registry (https://github.com/opencontainers/distribution-spec/blob/main/spec.md).
/// Authentication, retries, TLS and proxies are the business of the <see cref="HttpClient"/> given to it (see
/// <see cref="RegistryHttpClientFactory"/>); every request carries a <see cref="RegistryRequestContext"/> for them.
/// Thread-safe: one instance serves concurrent transfers.
/// </summary>
public sealed partial class RemoteRepository
{
    private static readonly string[] Pull = ["pull"];
    private static readonly string[] Push = ["pull", "push"];
    private static readonly string[] Delete = ["delete"];

    /// <summary>Manifest types we understand, sent in Accept; the registry refuses OCI content to a client that omits them.</summary>
    public static readonly IReadOnlyList<string> ManifestMediaTypes =
        [MediaTypes.ImageManifest, MediaTypes.ImageIndex, MediaTypes.DockerManifest, MediaTypes.DockerManifestList];

    private readonly HttpClient _http;

    /// <summary>Addresses <paramref name="repository"/> on <paramref name="registry"/>; no request is sent here.</summary>
    /// <param name="http">Sends every request; the caller owns it and configures handlers (auth, proxies) on it.</param>
    /// <param name="registry">Host and optional port, e.g. <c>ghcr.io</c>; <c>docker.io</c> is mapped to its API endpoint.</param>
    /// <param name="repository">Repository path on the registry, e.g. <c>org/model</c>.</param>
    /// <param name="options">Null for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="registry"/> or <paramref name="repository"/> is null, empty or white space.</exception>
    public RemoteRepository(HttpClient http, string registry, string repository, RemoteRepositoryOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registry);
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        _http = http;
        Registry = registry;
        Repository = repository;
        Options = options ?? new RemoteRepositoryOptions();
        BaseUri = new Uri($"{(Options.PlainHttp ? "http" : "https")}://{EndpointHost(registry)}/v2/{repository}/");
    }

    /// <summary>The registry host as given to the constructor.</summary>
    public string Registry { get; }
    /// <summary>The repository path as given to the constructor.</summary>
    public string Repository { get; }
    /// <summary>Transfer settings; the defaults when none were given.</summary>
    public RemoteRepositoryOptions Options { get; }

    /// <summary><c>scheme://host/v2/&lt;repository&gt;/</c>.</summary>
    public Uri BaseUri { get; }

    // Docker Hub serves the API on another host than its name (as Docker and oras do).
    private static string EndpointHost(string registry) =>
        registry.Equals("docker.io", StringComparison.OrdinalIgnoreCase) ? "registry-1.docker.io" : registry;

    private Uri ManifestUri(string reference) => new(BaseUri, "manifests/" + reference);
    private Uri BlobUri(Digest digest) => new(BaseUri, "blobs/" + digest);

    private string Subject(string? reference) =>
        reference is null ? Repository : reference.StartsWith(Digest.Sha256Prefix, StringComparison.Ordinal) ? $"{Repository}@{reference}" : $"{Repository}:{reference}";

    private HttpRequestMessage NewRequest(HttpMethod method, Uri uri, string[] actions, string? mountFrom = null)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Options.Set(RegistryRequestContext.Key, new RegistryRequestContext(Registry, Repository, actions, mountFrom));
        return request;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken, bool streamBody = false) =>
        _http.SendAsync(request, streamBody ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken);

    /// <summary>Builds the typed error for <paramref name="response"/> and disposes it.</summary>
    private async Task<RegistryException> FailAsync(HttpResponseMessage response, string operation, string? reference, CancellationToken cancellationToken)
    {
        using (response)
            return await RegistryErrorParser.CreateAsync(response, Registry, operation, Subject(reference), cancellationToken).ConfigureAwait(false);
    }

    private RegistryException Protocol(string operation, string? reference, HttpResponseMessage response, string problem) =>
        new(Registry, operation, Subject(reference), response.StatusCode, [new RegistryError("PROTOCOL", problem, null)], null);

    private static void AcceptManifests(HttpRequestMessage request)
    {
        foreach (var type in ManifestMediaTypes)
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
    }

    private static Digest? HeaderDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) && Digest.TryParse(values.FirstOrDefault()?.Trim(), out var d) ? d : null;

    /// <summary>Looks a tag or digest up without downloading the manifest (HEAD; GET when the registry omits the digest).</summary>
    public async Task<Descriptor> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        using (var request = NewRequest(HttpMethod.Head, ManifestUri(reference), Pull))
        {
            AcceptManifests(request);
            var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
                throw await FailAsync(response, "resolve", reference, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var digest = HeaderDigest(response) ?? (Digest.TryParse(reference, out var d) ? d : (Digest?)null);
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                var size = response.Content.Headers.ContentLength;
                if (digest is { } known && mediaType is not null && size is { } s)
                    return new Descriptor(mediaType, known, s);
            }
        }
        return (await FetchManifestAsync(reference, cancellationToken).ConfigureAwait(false)).Descriptor;
    }

    /// <summary>Downloads a manifest by tag or digest, byte-exact, refusing more than <see cref="RemoteRepositoryOptions.MaxManifestSize"/>.</summary>
    public async Task<FetchedManifest> FetchManifestAsync(string reference, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Get, ManifestUri(reference), Pull);
        AcceptManifests(request);
        var response = await SendAsync(request, cancellationToken, streamBody: true).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
            throw await FailAsync(response, "fetch manifest", reference, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            var limit = Options.MaxManifestSize;
            var declared = response.Content.Headers.ContentLength;
            if (declared > limit)
                throw new ManifestTooLargeException(Registry, Subject(reference), limit, declared);
            var content = await ReadLimitedAsync(response, limit, cancellationToken).ConfigureAwait(false)
                ?? throw new ManifestTooLargeException(Registry, Subject(reference), limit, null);
            var actual = Digest.Compute(content);
            // By digest the reference is the truth; by tag, the registry's header if it sent one.
            var expected = Digest.TryParse(reference, out var byDigest) ? byDigest : HeaderDigest(response);
            if (expected is { } e && e != actual)
                throw new Layout.ContentIntegrityException(e, $"manifest from {Registry}/{Subject(reference)} does not match its digest: got {actual}");
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? SniffMediaType(content);
            return new FetchedManifest(new Descriptor(mediaType, actual, content.Length), content);
        }
    }

    /// <summary>Downloads the manifest a descriptor points to and checks its size and digest.</summary>
    public async Task<byte[]> FetchManifestAsync(Descriptor descriptor, CancellationToken cancellationToken = default)
    {
        if (descriptor.Size > Options.MaxManifestSize)
            throw new ManifestTooLargeException(Registry, Subject(descriptor.Digest.ToString()), Options.MaxManifestSize, descriptor.Size);
        var fetched = await FetchManifestAsync(descriptor.Digest.ToString(), cancellationToken).ConfigureAwait(false);
        if (fetched.Content.Length != descriptor.Size)
            throw new Layout.ContentIntegrityException(descriptor.Digest, $"manifest size mismatch: expected {descriptor.Size} bytes, got {fetched.Content.Length}");
        return fetched.Content;
    }

    // Reads at most limit bytes; null when the body is longer, so an endless body costs limit+1 bytes at most.
    private static async Task<byte[]?> ReadLimitedAsync(HttpResponseMessage response, long limit, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = stream.ConfigureAwait(false);
        var initial = (int)Math.Min(limit + 1, response.Content.Headers.ContentLength is { } l ? l + 1 : 64 << 10);
        using var buffer = new MemoryStream(initial);
        var block = new byte[64 << 10];
        int n;
        while ((n = await stream.ReadAsync(block, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + n > limit)
                return null;
            buffer.Write(block.AsSpan(0, n));
        }
        return buffer.ToArray();
    }

    // Registries that omit Content-Type still serve a manifest whose own mediaType field says what it is.
    private static string SniffMediaType(byte[] content)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(content);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("mediaType", out var mt) && mt.ValueKind == System.Text.Json.JsonValueKind.String)
                return mt.GetString()!;
        }
        catch (System.Text.Json.JsonException) { }
        return MediaTypes.ImageManifest;
    }

    /// <summary>Uploads a manifest under a tag or its digest; the registry needs its media type as Content-Type.</summary>
    public async Task<Descriptor> PushManifestAsync(string reference, string mediaType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var descriptor = new Descriptor(mediaType, Digest.Compute(content.Span), content.Length);
        using var request = NewRequest(HttpMethod.Put, ManifestUri(reference), Push);
        request.Content = new ReadOnlyMemoryContent(content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            throw await FailAsync(response, "push manifest", reference, cancellationToken).ConfigureAwait(false);
        if (HeaderDigest(response) is { } echoed && echoed != descriptor.Digest)
            throw Protocol("push manifest", reference, response, $"registry stored digest {echoed}, expected {descriptor.Digest}");
        return descriptor;
    }

    /// <summary>Deletes a manifest by digest (which also removes every tag pointing at it).</summary>
    /// <exception cref="RegistryUnsupportedException">The registry does not allow deletion.</exception>
    public async Task DeleteManifestAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Delete, ManifestUri(digest.ToString()), Delete);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NoContent))
            throw await FailAsync(response, "delete manifest", digest.ToString(), cancellationToken).ConfigureAwait(false);
        response.Dispose();
    }

    /// <summary>True when the repository has the blob (HEAD); false on 404.</summary>
    public async Task<bool> BlobExistsAsync(Digest digest, CancellationToken cancellationToken = default)
    {
        using var request = NewRequest(HttpMethod.Head, BlobUri(digest), Pull);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
        {
            response.Dispose();
            return true;
        }
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            return false;
        }
        throw await FailAsync(response, "check blob", digest.ToString(), cancellationToken).ConfigureAwait(false);
    }
}
