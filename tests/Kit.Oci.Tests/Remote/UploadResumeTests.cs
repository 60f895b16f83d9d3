using System.Net;
using Kit.Oci.Remote;
using Kit.Oci.Remote.Auth;

namespace Kit.Oci.Tests.Remote;

/// <summary>Blob uploads that break and go on: from the registry's offset, with a body the auth handler can resend.</summary>
public sealed class UploadResumeTests
{
    private static readonly RemoteRepositoryOptions Chunked = new()
    {
        MonolithicThreshold = 1000,
        ChunkSize = 1000,
        RestartPolicy = new() { MinDelay = TimeSpan.Zero, BaseDelay = TimeSpan.FromMilliseconds(1) },
    };

    private static RemoteRepository Repo(HttpMessageHandler handler, RemoteRepositoryOptions? options = null) =>
        new(new HttpClient(handler), "registry.test", "org/model", options ?? Chunked);

    [Fact]
    public async Task Broken_chunk_goes_on_from_the_offset_the_registry_reports()
    {
        var data = TestData.Random(5000);
        var server = new ChunkServer { BreakPatch = 3, KeepOfBrokenPatch = 400 };
        var stub = new StubHandler(server.HandleAsync);
        var opened = 0;

        await Repo(stub).PushBlobAsync(TestData.Describe(data), () => { opened++; return new MemoryStream(data); });

        Assert.Equal(data, server.Completed);
        Assert.Equal(1, server.Sessions);
        Assert.Equal(1, opened); // seeked back, not reopened
        // Every byte reached the registry once: the 400 it kept of the broken chunk were not sent again.
        Assert.Equal(data.Length, server.BodyBytesRead);
        Assert.Contains(stub.Requests, r => r.StartsWith("GET /v2/org/model/blobs/uploads/1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Source_that_cannot_seek_is_reopened_at_the_reported_offset()
    {
        var data = TestData.Random(5000);
        var server = new ChunkServer { BreakPatch = 2, KeepOfBrokenPatch = 700 };
        var offsets = new List<long>();

        await Repo(new StubHandler(server.HandleAsync)).PushBlobAsync(TestData.Describe(data), offset =>
        {
            offsets.Add(offset);
            return new NonSeekable(new MemoryStream(data[(int)offset..]));
        });

        Assert.Equal(data, server.Completed);
        Assert.Equal([0L, 1700L], offsets);
        Assert.Equal(data.Length, server.BodyBytesRead);
    }

    [Fact]
    public async Task Lost_session_starts_over_with_a_new_one()
    {
        var data = TestData.Random(5000);
        var server = new ChunkServer { BreakPatch = 3, KeepOfBrokenPatch = 400, ForgetBrokenSession = true };

        await Repo(new StubHandler(server.HandleAsync)).PushBlobAsync(TestData.Describe(data), () => new MemoryStream(data));

        Assert.Equal(data, server.Completed);
        Assert.Equal(2, server.Sessions);
    }

    [Theory]
    [InlineData(500)]     // one PUT
    [InlineData(5000)]    // PATCH chunks
    public async Task Streamed_upload_body_is_sent_again_after_an_auth_challenge(int size)
    {
        var data = TestData.Random(size);
        var server = new ChunkServer { ChallengeFirstUpload = true };
        var auth = new AuthHandler(new StubHandler(server.HandleAsync),
            new StaticCredentialProvider("registry.test", RegistryCredential.FromPassword("alice", "secret")));

        await Repo(auth).PushBlobAsync(TestData.Describe(data), () => new NonSeekable(new MemoryStream(data)));

        Assert.Equal(data, server.Completed);
        Assert.Equal(1, server.Challenges);
    }

    /// <summary>
    /// An upload endpoint that behaves like the distribution registry: a session has the bytes of every body it read,
    /// PATCH appends, GET reports <c>Range: 0-&lt;last&gt;</c>, PUT appends and completes.
    /// </summary>
    private sealed class ChunkServer
    {
        private readonly Dictionary<int, MemoryStream> _sessions = [];
        private int _patches;

        /// <summary>The n-th PATCH (1-based) breaks like a reset connection after the registry kept part of it.</summary>
        public int BreakPatch { get; init; }
        public int KeepOfBrokenPatch { get; init; }
        public bool ForgetBrokenSession { get; init; }

        /// <summary>Answer the first PUT or PATCH without credentials with a Basic challenge (after reading its body).</summary>
        public bool ChallengeFirstUpload { get; init; }

        public int Sessions { get; private set; }
        public int Challenges { get; private set; }
        public long BodyBytesRead { get; private set; }
        public byte[]? Completed { get; private set; }

        public async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage r, int _)
        {
            if (r.Method == HttpMethod.Post)
            {
                var id = ++Sessions;
                _sessions[id] = new MemoryStream();
                return Accepted(id, 0);
            }
            var session = int.Parse(r.RequestUri!.AbsolutePath.Split('/')[^1]);
            if (!_sessions.TryGetValue(session, out var stored))
                return StubHandler.Status(HttpStatusCode.NotFound, """{"errors":[{"code":"BLOB_UPLOAD_UNKNOWN","message":"blob upload unknown"}]}""");
            if (r.Method == HttpMethod.Get)
                return Accepted(session, stored.Length, HttpStatusCode.NoContent);

            var body = r.Content is null ? [] : await r.Content.ReadAsByteArrayAsync();
            if (ChallengeFirstUpload && Challenges == 0 && r.Headers.Authorization is null)
            {
                Challenges++;
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate", "Basic realm=\"test\"");
                return challenge;
            }
            if (r.Method == HttpMethod.Patch && ++_patches == BreakPatch)
            {
                BodyBytesRead += KeepOfBrokenPatch;
                stored.Write(body, 0, KeepOfBrokenPatch);
                if (ForgetBrokenSession)
                    _sessions.Remove(session);
                throw new HttpRequestException(HttpRequestError.ConnectionError, "connection reset (test)", new IOException());
            }
            BodyBytesRead += body.Length;
            stored.Write(body);
            if (r.Method == HttpMethod.Patch)
                return Accepted(session, stored.Length);
            Completed = stored.ToArray();
            return new HttpResponseMessage(HttpStatusCode.Created);
        }

        private static HttpResponseMessage Accepted(int session, long length, HttpStatusCode status = HttpStatusCode.Accepted)
        {
            var response = new HttpResponseMessage(status);
            response.Headers.TryAddWithoutValidation("Location", $"/v2/org/model/blobs/uploads/{session}?_state={length}");
            response.Headers.TryAddWithoutValidation("Range", $"0-{Math.Max(0, length - 1)}");
            return response;
        }
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
