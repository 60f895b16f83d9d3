using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Kit.Oci.Layout;
using Kit.Oci.Remote;

namespace Kit.Oci.Tests.Remote;

/// <summary>Protocol corners the real registry does not produce: faults, pagination, odd headers.</summary>
public sealed class RemoteRepositoryStubTests
{
    private static RemoteRepository Repo(StubHandler stub, string registry = "registry.test", RemoteRepositoryOptions? options = null) =>
        new(new HttpClient(stub), registry, "org/model", (options ?? new RemoteRepositoryOptions()) with { RestartPolicy = new() { MinDelay = TimeSpan.Zero, BaseDelay = TimeSpan.FromMilliseconds(1) } });

    private static HttpResponseMessage Blob(byte[] data, int from = 0, bool partial = false)
    {
        var r = new HttpResponseMessage(partial ? HttpStatusCode.PartialContent : HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(data[from..]),
        };
        if (partial)
            r.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, data.Length - 1, data.Length);
        return r;
    }

    /// <summary>The first answer breaks after <paramref name="failAfter"/> bytes; later ones serve the range asked for.</summary>
    private static StubHandler ResetOnceThenRanges(byte[] data, int failAfter) => new((r, i) =>
    {
        if (i == 0)
        {
            var broken = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream(data, failAfter)) };
            broken.Content.Headers.ContentLength = data.Length;
            return broken;
        }
        return Blob(data, (int)r.Headers.Range!.Ranges.Single().From!.Value, partial: true);
    });

    [Fact]
    public void Base_url_is_https_unless_plain_http_even_for_localhost()
    {
        using var http = new HttpClient();
        Assert.Equal("https://localhost:5000/v2/org/model/", new RemoteRepository(http, "localhost:5000", "org/model").BaseUri.ToString());
        Assert.Equal("http://localhost:5000/v2/org/model/", new RemoteRepository(http, "localhost:5000", "org/model", new() { PlainHttp = true }).BaseUri.ToString());
        Assert.Equal("https://registry-1.docker.io/v2/library/x/", new RemoteRepository(http, "docker.io", "library/x").BaseUri.ToString());
    }

    [Fact]
    public async Task Download_continues_with_range_after_connection_reset()
    {
        var data = TestData.Random(3_000_000);
        var d = TestData.Describe(data);
        var stub = ResetOnceThenRanges(data, failAfter: 1_234_567);
        using var ms = new MemoryStream();
        await Repo(stub).FetchBlobAsync(d, ms);
        Assert.Equal(data, ms.ToArray());
        Assert.Equal(2, stub.Count);
        // Continues from what reached the destination: whole blocks before the reset.
        Assert.Matches(@"Range:bytes=(1048576|1234567)-$", stub.Requests[1]);
    }

    [Fact]
    public async Task Download_into_blob_writer_reads_into_its_buffer_and_resumes_at_the_last_byte_received()
    {
        var data = TestData.Random(3_000_000);
        var d = TestData.Describe(data);
        var stub = ResetOnceThenRanges(data, failAfter: 1_234_567);
        using var dir = new TempDirectory();
        var store = new OciLayoutStore(dir.Path) { WriteBufferSize = 64 * 1024 };
        await using var writer = store.BeginBlobWrite();
        await Repo(stub).DownloadBlobAsync(d, writer);
        Assert.Equal(data, await File.ReadAllBytesAsync(store.GetBlobPath(d.Digest)));
        // Every byte read landed in the writer's own buffer, so nothing read is asked for again.
        Assert.EndsWith("Range:bytes=1234567-", stub.Requests[1]);
    }

    [Fact]
    public async Task Overlong_body_into_blob_writer_is_refused_and_nothing_is_stored()
    {
        var data = TestData.Random(1000);
        var d = TestData.Describe(data);
        var stub = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new MemoryStream([.. data, .. TestData.Random(4000, seed: 7)])),
        });
        using var dir = new TempDirectory();
        var store = new OciLayoutStore(dir.Path);
        await using (var writer = store.BeginBlobWrite())
        {
            var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => Repo(stub).DownloadBlobAsync(d, writer));
            Assert.Contains("1000", e.Message);
        }
        Assert.False(store.Exists(d.Digest));
    }

    [Fact]
    public async Task Range_answered_with_full_body_restarts_partial_file_from_zero()
    {
        var data = TestData.Random(100_000);
        var d = TestData.Describe(data);
        var stub = new StubHandler((_, _) => Blob(data));
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, new byte[5000]); // garbage prefix: must be replaced, not kept
            await using (var partial = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
                await Repo(stub).ResumeBlobAsync(d, partial);
            Assert.Equal(data, await File.ReadAllBytesAsync(path));
            Assert.EndsWith("Range:bytes=5000-", stub.Requests[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Range_answered_with_full_body_skips_prefix_of_blob_writer()
    {
        var data = TestData.Random(100_000);
        var d = TestData.Describe(data);
        var stub = new StubHandler((_, _) => Blob(data));
        using var dir = new TempDirectory();
        var store = new OciLayoutStore(dir.Path);
        await using var writer = store.BeginBlobWrite();
        await writer.WriteAsync(data.AsMemory(0, 777));
        await Repo(stub).DownloadBlobAsync(d, writer);
        Assert.Equal(data, await File.ReadAllBytesAsync(store.GetBlobPath(d.Digest)));
    }

    [Fact]
    public async Task Wrong_content_is_never_committed()
    {
        var data = TestData.Random(100_000);
        var d = TestData.Describe(data);
        var evil = TestData.Random(100_000, seed: 99);
        var stub = new StubHandler((_, _) => Blob(evil));
        using var dir = new TempDirectory();
        var store = new OciLayoutStore(dir.Path);
        await using (var writer = store.BeginBlobWrite())
        {
            var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => Repo(stub).DownloadBlobAsync(d, writer));
            Assert.Contains("digest mismatch", e.Message);
        }
        Assert.False(store.Exists(d.Digest));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(dir.Path, "ingest")));
        using var ms = new MemoryStream();
        await Assert.ThrowsAsync<ContentIntegrityException>(() => Repo(stub).FetchBlobAsync(d, ms));
    }

    [Fact]
    public async Task Overlong_body_is_refused_while_streaming()
    {
        var data = TestData.Random(1000);
        var d = TestData.Describe(data);
        var stub = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(TestData.Random(5000))) });
        using var ms = new MemoryStream();
        var e = await Assert.ThrowsAsync<ContentIntegrityException>(() => Repo(stub).FetchBlobAsync(d, ms));
        Assert.Contains("1000", e.Message);
    }

    /// <summary>A tiny upload endpoint: POST opens a session with a relative Location, PUT completes it.</summary>
    private sealed class UploadServer
    {
        public int Posts;
        public int Puts;
        public int FailPuts;
        public bool OmitLocation;
        public byte[]? Stored;

        public async Task<HttpResponseMessage> Handle(HttpRequestMessage r, int _)
        {
            if (r.Method == HttpMethod.Post)
            {
                var session = Interlocked.Increment(ref Posts);
                var response = new HttpResponseMessage(HttpStatusCode.Accepted);
                if (!OmitLocation)
                    response.Headers.TryAddWithoutValidation("Location", $"/v2/org/model/blobs/uploads/{session}?_state=s{session}");
                return response;
            }
            if (r.Method == HttpMethod.Put)
            {
                var n = Interlocked.Increment(ref Puts);
                Assert.Contains("_state=s", r.RequestUri!.Query);
                Assert.Contains("digest=sha256%3A", r.RequestUri!.Query);
                Assert.Equal("application/octet-stream", r.Content!.Headers.ContentType!.MediaType);
                var stream = await r.Content.ReadAsStreamAsync();
                var buffer = new byte[r.Content.Headers.ContentLength!.Value];
                if (n <= FailPuts)
                {
                    await stream.ReadExactlyAsync(buffer.AsMemory(0, buffer.Length / 2));
                    throw new HttpRequestException(HttpRequestError.ConnectionError, "connection reset (test)", new IOException());
                }
                await stream.ReadExactlyAsync(buffer);
                Stored = buffer;
                return new HttpResponseMessage(HttpStatusCode.Created);
            }
            return new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);
        }
    }

    [Fact]
    public async Task Interrupted_upload_restarts_that_blob_with_a_new_session()
    {
        var server = new UploadServer { FailPuts = 1 };
        var data = TestData.Random(200_000);
        var opened = 0;
        var stub = new StubHandler(server.Handle);
        await Repo(stub).PushBlobAsync(TestData.Describe(data), () => { opened++; return new MemoryStream(data); });
        Assert.Equal(2, server.Posts);
        Assert.Equal(2, opened);
        Assert.Equal(data, server.Stored);
        Assert.StartsWith("PUT /v2/org/model/blobs/uploads/2?_state=s2&digest=", stub.Requests[^1]);
    }

    [Fact]
    public async Task Upload_restarts_are_bounded()
    {
        var server = new UploadServer { FailPuts = 100 };
        var data = TestData.Random(1000);
        await Assert.ThrowsAsync<HttpRequestException>(() => Repo(new StubHandler(server.Handle)).PushBlobAsync(TestData.Describe(data), () => new MemoryStream(data)));
        Assert.Equal(3, server.Posts);
    }

    [Fact]
    public async Task Missing_location_is_a_clear_error()
    {
        var server = new UploadServer { OmitLocation = true };
        var data = TestData.Random(1000);
        var e = await Assert.ThrowsAsync<RegistryException>(() => Repo(new StubHandler(server.Handle)).PushBlobAsync(TestData.Describe(data), () => new MemoryStream(data)));
        Assert.Contains("without a Location header", e.Message);
    }

    [Fact]
    public async Task Hosts_that_refuse_chunks_get_one_put_even_for_large_blobs()
    {
        var data = TestData.Random(300_000);
        var stub = new StubHandler((r, _) =>
        {
            if (r.Method == HttpMethod.Post)
            {
                var a = new HttpResponseMessage(HttpStatusCode.Accepted);
                a.Headers.Location = new Uri("https://GHCR.io/v2/org/model/blobs/uploads/x?_state=1");
                return a;
            }
            Assert.Equal(HttpMethod.Put, r.Method);
            return new HttpResponseMessage(HttpStatusCode.Created);
        });
        await Repo(stub, "ghcr.io", new() { MonolithicThreshold = 1000, ChunkSize = 1000 }).PushBlobAsync(TestData.Describe(data), () => new MemoryStream(data));
        Assert.Equal(2, stub.Count);
    }

    [Fact]
    public async Task Chunked_upload_follows_each_new_location_and_checks_range()
    {
        var data = TestData.Random(2500);
        var received = new MemoryStream();
        var stub = new StubHandler(async (r, i) =>
        {
            var response = new HttpResponseMessage(r.Method == HttpMethod.Put ? HttpStatusCode.Created : HttpStatusCode.Accepted);
            if (r.Method == HttpMethod.Patch)
            {
                Assert.EndsWith($"/uploads/u?_state={i}", r.RequestUri!.PathAndQuery);
                var chunk = await r.Content!.ReadAsByteArrayAsync();
                var start = received.Length;
                Assert.Equal($"{start}-{start + chunk.Length - 1}", r.Content.Headers.GetValues("Content-Range").Single());
                received.Write(chunk);
                response.Headers.TryAddWithoutValidation("Range", $"0-{received.Length - 1}");
            }
            if (r.Method == HttpMethod.Put)
            {
                Assert.Equal(0, r.Content?.Headers.ContentLength ?? 0);
                Assert.StartsWith($"/v2/org/model/blobs/uploads/u?_state={i}&digest=", r.RequestUri!.PathAndQuery);
            }
            response.Headers.TryAddWithoutValidation("Location", $"http://registry.test/v2/org/model/blobs/uploads/u?_state={i + 1}");
            return response;
        });
        await Repo(stub, options: new() { MonolithicThreshold = 1000, ChunkSize = 1000 }).PushBlobAsync(TestData.Describe(data), () => new MemoryStream(data));
        Assert.Equal(data, received.ToArray());
        Assert.Equal(5, stub.Count); // POST, 3 PATCH, PUT
    }

    [Fact]
    public async Task Tags_follow_relative_and_absolute_next_links_and_null_tags()
    {
        var stub = new StubHandler((r, i) =>
        {
            var (json, link) = i switch
            {
                0 => ("""{"name":"org/model","tags":["a","b"]}""", "</v2/org/model/tags/list?last=b&n=2>; rel=\"next\""),
                1 => ("""{"name":"org/model","tags":null}""", "<https://other.test/v2/org/model/tags/list?last=c&n=2>; rel=\"next\""),
                _ => ("""{"name":"org/model","tags":["c"]}""", null),
            };
            var response = StubHandler.Status(HttpStatusCode.OK, json);
            if (link is not null)
                response.Headers.TryAddWithoutValidation("Link", link);
            return response;
        });
        Assert.Equal(["a", "b", "c"], await Repo(stub).ListTagsAsync());
        Assert.Equal("GET /v2/org/model/tags/list?last=b&n=2", stub.Requests[1]);
        Assert.Equal("GET /v2/org/model/tags/list?last=c&n=2", stub.Requests[2]);
    }

    [Fact]
    public async Task Delete_405_is_unsupported()
    {
        var stub = new StubHandler((_, _) => StubHandler.Status(HttpStatusCode.MethodNotAllowed,
            """{"errors":[{"code":"UNSUPPORTED","message":"The operation is unsupported.","detail":null}]}"""));
        var e = await Assert.ThrowsAsync<RegistryUnsupportedException>(() => Repo(stub).DeleteManifestAsync(TestData.Describe([1]).Digest));
        Assert.Contains("405 UNSUPPORTED: The operation is unsupported.", e.Message);
    }

    [Fact]
    public async Task Error_messages_are_one_line_for_json_and_for_html()
    {
        var stub = new StubHandler((_, i) => i == 0
            ? StubHandler.Status(HttpStatusCode.Forbidden, """{"errors":[{"code":"DENIED","message":"no"},{"code":"TOOMANYREQUESTS","message":"slow\ndown","detail":{"x":1}}]}""")
            : new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>\n<body>bad\n gateway</body></html>", Encoding.UTF8, "text/html") });
        var repo = Repo(stub, "registry.test:443");
        var e1 = await Assert.ThrowsAsync<RegistryException>(() => repo.FetchManifestAsync("v1"));
        Assert.Equal("registry registry.test:443: fetch manifest org/model:v1: 403 DENIED: no; TOOMANYREQUESTS: slow down", e1.Message);
        Assert.Equal("""{"x":1}""", e1.Errors[1].Detail);
        var e2 = await Assert.ThrowsAsync<RegistryException>(() => repo.FetchManifestAsync("v1"));
        Assert.Equal("registry registry.test:443: fetch manifest org/model:v1: 502 Bad Gateway: <html> <body>bad gateway</body></html>", e2.Message);
        Assert.Empty(e2.Errors);
    }

    [Fact]
    public async Task Error_body_excerpt_is_capped_at_8_KiB()
    {
        var stub = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent(new string('x', 100_000)) });
        var e = await Assert.ThrowsAsync<RegistryException>(() => Repo(stub).BlobExistsAsync(TestData.Describe([1]).Digest));
        Assert.Equal(8192, e.BodyExcerpt!.Length);
        Assert.True(e.Message.Length < 500);
    }

    [Fact]
    public async Task Manifest_body_longer_than_limit_without_length_is_refused()
    {
        var big = new byte[(4 << 20) + 1];
        var stub = new StubHandler((_, _) =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new MemoryStream(big)) };
            r.Content.Headers.ContentLength = null;
            return r;
        });
        await Assert.ThrowsAsync<ManifestTooLargeException>(() => Repo(stub).FetchManifestAsync("v1"));
    }

    [Fact]
    public async Task Manifest_with_declared_length_over_limit_is_refused_unread()
    {
        var stub = new StubHandler((_, _) =>
        {
            var r = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new BreakingStream([], 0)) };
            r.Content.Headers.ContentLength = 5L << 20;
            return r;
        });
        var e = await Assert.ThrowsAsync<ManifestTooLargeException>(() => Repo(stub).FetchManifestAsync("v1"));
        Assert.Equal(5L << 20, e.Size);
    }

    [Fact]
    public async Task Manifest_not_matching_requested_digest_is_rejected()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var stub = new StubHandler((_, _) => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
        var wrong = TestData.Describe([1, 2, 3]).Digest;
        await Assert.ThrowsAsync<ContentIntegrityException>(() => Repo(stub).FetchManifestAsync(wrong.ToString()));
    }

    [Fact]
    public async Task Resolve_falls_back_to_get_when_head_has_no_digest()
    {
        var body = Encoding.UTF8.GetBytes("""{"schemaVersion":2}""");
        var stub = new StubHandler((r, _) =>
        {
            Assert.Contains(r.Headers.Accept, a => a.MediaType == MediaTypes.ImageManifest);
            Assert.Contains(r.Headers.Accept, a => a.MediaType == MediaTypes.ImageIndex);
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(r.Method == HttpMethod.Head ? [] : body) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue(MediaTypes.ImageManifest);
            return response;
        });
        var d = await Repo(stub).ResolveAsync("v1");
        Assert.Equal(Digest.Compute(body), d.Digest);
        Assert.Equal(["HEAD /v2/org/model/manifests/v1", "GET /v2/org/model/manifests/v1"], stub.Requests);
    }

    [Fact]
    public async Task Requests_carry_context_for_auth_handlers()
    {
        var contexts = new List<RegistryRequestContext>();
        var stub = new StubHandler((r, _) =>
        {
            contexts.Add(RegistryRequestContext.Get(r)!);
            return new HttpResponseMessage(HttpStatusCode.Created);
        });
        await Repo(stub).MountBlobAsync(TestData.Describe([1]), "org/base", null);
        Assert.Equal(("registry.test", "org/model", "org/base"), (contexts[0].Registry, contexts[0].Repository, contexts[0].MountFrom));
        Assert.Equal(["pull", "push"], contexts[0].Actions);
    }

    [Theory]
    [InlineData("ghcr.io", true)]
    [InlineData("GHCR.IO", true)]
    [InlineData("europe-docker.pkg.dev", true)]
    [InlineData("gcr.io", true)]
    [InlineData("123.dkr.ecr.us-east-1.amazonaws.com", true)]
    [InlineData("123.dkr.ecr.cn-north-1.amazonaws.com.cn", true)]
    [InlineData("registry.example.com", false)]
    [InlineData("notghcr.io", false)]
    [InlineData("127.0.0.1", false)]
    public void Chunking_rules(string host, bool monolithic) => Assert.Equal(monolithic, ChunkingRules.RequiresMonolithic(host));

    [Theory]
    [InlineData("http://r.test/v2/a/blobs/uploads/", "/v2/a/blobs/uploads/u?_state=x", "http://r.test/v2/a/blobs/uploads/u?_state=x")]
    [InlineData("http://r.test:5000/v2/a/blobs/uploads/", "https://cdn.test/u?_state=x", "https://cdn.test/u?_state=x")]
    [InlineData("http://r.test/v2/a/blobs/uploads/", "u2", "http://r.test/v2/a/blobs/uploads/u2")]
    [InlineData("https://r.test/v2/a/blobs/uploads/", "//s.test/u", "https://s.test/u")]
    public void Locations_resolve_against_the_request(string request, string location, string expected) =>
        Assert.Equal(expected, UploadLocation.Resolve(new Uri(request), location).ToString());

    [Fact]
    public void Digest_query_keeps_existing_query()
    {
        Assert.Equal("http://r.test/u?_state=a%2Bb&digest=sha256%3Aab", UploadLocation.WithQuery(new Uri("http://r.test/u?_state=a%2Bb"), "digest", "sha256:ab").AbsoluteUri);
        Assert.Equal("http://r.test/u?digest=sha256%3Aab", UploadLocation.WithQuery(new Uri("http://r.test/u"), "digest", "sha256:ab").AbsoluteUri);
    }

    [Theory]
    [InlineData("</a?n=1>; rel=\"next\"", "/a?n=1")]
    [InlineData("<https://x/a?b=1,2>; rel=\"prev\", <https://x/b>; rel=next", "https://x/b")]
    [InlineData("</a>; rel=\"prev\"", null)]
    public void Link_next(string header, string? expected)
    {
        string? found = null;
        foreach (var part in header.Split(", <"))
        {
            if (LinkHeader.TryParseNext(part.StartsWith('<') ? part : "<" + part, out var t))
            {
                found = t;
                break;
            }
        }
        Assert.Equal(expected, found);
    }
}
