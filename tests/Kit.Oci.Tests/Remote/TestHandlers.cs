using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Kit.Oci.Tests.Remote;

/// <summary>An in-process server: answers each request with the given function.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, int, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private int _count;
    public List<string> Requests { get; } = [];

    public StubHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : this((r, i) => Task.FromResult(respond(r, i))) { }

    public int Count => _count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var i = Interlocked.Increment(ref _count) - 1;
        lock (Requests)
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}" + (request.Headers.Range is { } r ? $" Range:{r}" : ""));
        var response = await respond(request, i);
        response.RequestMessage ??= request;
        return response;
    }

    public static HttpResponseMessage Status(HttpStatusCode code, string? json = null)
    {
        var r = new HttpResponseMessage(code);
        if (json is not null)
            r.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return r;
    }
}

/// <summary>Records method and path of everything that passes (with the real registry behind it).</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    public List<string> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}" + (request.Headers.Range is { } r ? $" Range:{r}" : ""));
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>A body that breaks off with an IOException after <c>failAfter</c> bytes, like a reset connection.</summary>
internal sealed class BreakingStream(byte[] data, int failAfter) : Stream
{
    private int _pos;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _pos; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_pos >= failAfter)
            throw new IOException("connection reset by peer (test)");
        var n = Math.Min(count, Math.Min(failAfter, data.Length) - _pos);
        Array.Copy(data, _pos, buffer, offset, n);
        _pos += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal static class TestData
{
    public static byte[] Random(int size, int seed = 1)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    public static Descriptor Describe(byte[] data, string mediaType = "application/vnd.kitops.modelkit.model.v1.tar") =>
        new(mediaType, Digest.FromHash(SHA256.HashData(data)), data.Length);
}
