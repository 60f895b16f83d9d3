using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Kit.TestSupport;

/// <summary>
/// An S3-compatible endpoint for remote datasets (no real S3 here): path-style <c>GET</c>/<c>HEAD</c> of
/// <c>/bucket/key</c>, answering as S3 does: the ETag (the MD5 of a single-part object), 412 when <c>If-Match</c> names
/// another ETag, 404 <c>NoSuchKey</c>. Objects can be replaced or removed while a test runs; requests are recorded.
/// </summary>
public sealed class FakeS3 : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (string ETag, string Body)> _objects = new(StringComparer.Ordinal);
    private readonly MiniHttpServer _server;

    public FakeS3() => _server = new MiniHttpServer(request => Task.FromResult(Answer(request)));

    public string Endpoint => $"http://127.0.0.1:{_server.Port}";

    public ConcurrentQueue<MiniHttpRequest> Requests { get; } = new();

    /// <summary>The <c>S3_*</c> variables that point kit here, with keys for its SigV4 signature.</summary>
    public Dictionary<string, string?> Environment(string accessKey = "AKIDKITTEST", string secret = "kit-test-secret-key") => new()
    {
        ["S3_API_ENDPOINT"] = Endpoint,
        ["S3_REGION"] = "eu-west-1",
        ["S3_ACCESS_KEY_ID"] = accessKey,
        ["S3_SECRET_KEY"] = secret,
    };

    /// <summary>Stores an object; returns its quoted ETag, the MD5 of <paramref name="body"/> unless <paramref name="etag"/> says otherwise.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351", Justification = "S3 defines a single-part object's ETag as its MD5.")]
    public string Put(string bucketAndKey, string body, string? etag = null)
    {
        etag ??= "\"" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body))) + "\"";
        _objects[bucketAndKey] = (etag, body);
        return etag;
    }

    public void Remove(string bucketAndKey) => _objects.TryRemove(bucketAndKey, out _);

    private MiniHttpResponse Answer(MiniHttpRequest request)
    {
        Requests.Enqueue(request);
        if (request.Method is not ("GET" or "HEAD") || !_objects.TryGetValue(request.Path.TrimStart('/'), out var found))
            return new MiniHttpResponse(404, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>", "application/xml");
        if (request.Headers.GetValueOrDefault("If-Match") is { } match && match.Trim('"') != found.ETag.Trim('"'))
            return new MiniHttpResponse(412, "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>", "application/xml");
        return new MiniHttpResponse(200, request.Method == "HEAD" ? "" : found.Body, "application/octet-stream")
        {
            Headers = [("ETag", found.ETag)],
            DeclaredLength = Encoding.UTF8.GetByteCount(found.Body),
        };
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
