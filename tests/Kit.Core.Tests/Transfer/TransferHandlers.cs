using System.Net.Http.Headers;

namespace Kit.Core.Tests.Transfer;

/// <summary>
/// Sits in front of the real registry: records every request, counts blob body bytes received, and can
/// break (IOException after N bytes), corrupt (one flipped byte) or delay blob downloads.
/// </summary>
internal sealed class TransferProbe : DelegatingHandler
{
    private long _blobBytes;

    public List<string> Requests { get; } = [];

    /// <summary>Blob GET bodies break off after this many bytes (each request); null: never.</summary>
    public long? BreakAfter { get; set; }

    public bool Corrupt { get; set; }

    public TimeSpan BlobDelay { get; set; }

    public long BlobBytesReceived => Interlocked.Read(ref _blobBytes);

    public IReadOnlyList<string> Snapshot()
    {
        lock (Requests) return [.. Requests];
    }

    public int Count(string prefix) => Snapshot().Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}" + (request.Headers.Range is { } r ? $" Range:{r}" : ""));
        var isBlobGet = request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.Contains("/blobs/sha256:", StringComparison.Ordinal);
        if (isBlobGet && BlobDelay > TimeSpan.Zero)
            await Task.Delay(BlobDelay, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (!isBlobGet || !response.IsSuccessStatusCode)
            return response;
        var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var wrapped = new StreamContent(new ProbeStream(this, body, BreakAfter, Corrupt));
        foreach (var h in response.Content.Headers)
            wrapped.Headers.TryAddWithoutValidation(h.Key, h.Value);
        response.Content = wrapped;
        return response;
    }

    private sealed class ProbeStream(TransferProbe probe, Stream inner, long? breakAfter, bool corrupt) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (breakAfter is { } limit)
            {
                if (_position >= limit)
                    throw new IOException("connection reset by peer (test)");
                buffer = buffer[..(int)Math.Min(buffer.Length, limit - _position)];
            }
            var n = await inner.ReadAsync(buffer, cancellationToken);
            if (corrupt && n > 0 && _position == 0)
                buffer.Span[0] ^= 0xFF;
            _position += n;
            Interlocked.Add(ref probe._blobBytes, n);
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Collects observer calls for assertions.</summary>
internal sealed class RecordingObserver : Kit.Core.Transfer.ITransferObserver
{
    public System.Collections.Concurrent.ConcurrentDictionary<Kit.Oci.Digest, Kit.Core.Transfer.BlobTransferOutcome> Outcomes { get; } = new();

    public void BlobStarted(Kit.Oci.Descriptor blob, Kit.Core.Transfer.TransferBlobKind kind) { }
    public void BlobProgress(Kit.Oci.Descriptor blob, long bytes) { }
    public void BlobCompleted(Kit.Oci.Descriptor blob, Kit.Core.Transfer.BlobTransferOutcome outcome) => Outcomes[blob.Digest] = outcome;
}
