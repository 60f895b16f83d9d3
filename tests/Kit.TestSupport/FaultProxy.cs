using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kit.TestSupport;

public enum ProxyDirection
{
    /// <summary>Client to registry (uploads, request heads).</summary>
    ToServer,

    /// <summary>Registry to client (downloads, responses).</summary>
    ToClient,
}

/// <summary>
/// A TCP proxy on 127.0.0.1:0 in front of a registry, for fault injection (Debian has no toxiproxy and loopback has
/// no netem). Faults are armed one-shot and hit whichever connection moves the next bytes, so they also catch pooled
/// keep-alive connections:
/// <list type="bullet">
/// <item><see cref="ResetAfter"/>: after N more bytes in a direction, abort both sockets with linger 0 (peer sees a reset).</item>
/// <item><see cref="StallAfter"/>: after N more bytes, stop forwarding for a while (or until <see cref="ReleaseStalls"/>).</item>
/// <item><see cref="InjectStatus"/>: answer the next K requests itself (e.g. 503) without forwarding them;
/// needs plain HTTP, since the proxy reads request heads.</item>
/// </list>
/// The registry builds <c>Location</c> from the request's Host, so clients stay on the proxy.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly bool _httpAware;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _gate = new();
    private readonly List<ByteFault> _faults = [];
    private readonly List<(int Status, string? RetryAfter, string? RequestLinePrefix)> _injections = [];
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _bytesToServer, _bytesToClient;
    private int _connections, _requests, _injected, _resets;

    /// <param name="httpAware">Parse request heads (required for <see cref="InjectStatus"/>); only for plain HTTP.</param>
    public FaultProxy(int targetPort, bool httpAware)
    {
        _targetPort = targetPort;
        _httpAware = httpAware;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptLoopAsync();
    }

    /// <summary>A proxy for a fixture; HTTP-aware when the registry speaks plain HTTP.</summary>
    public static FaultProxy For(RegistryFixture registry) => new(registry.Port, registry.Mode == RegistryMode.PlainHttp);

    public int Port { get; }
    public string HostPort => $"127.0.0.1:{Port}";

    public long BytesToServer => Interlocked.Read(ref _bytesToServer);
    public long BytesToClient => Interlocked.Read(ref _bytesToClient);
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Requests seen (HTTP-aware mode only; a chunked upload turns its connection opaque).</summary>
    public int Requests => Volatile.Read(ref _requests);

    public int InjectedResponses => Volatile.Read(ref _injected);
    public int Resets => Volatile.Read(ref _resets);

    /// <summary>
    /// Bytes per second each connection may carry towards the client (null: no limit), as a cloud registry or proxy
    /// limits each connection; set before the connections it should apply to are opened.
    /// </summary>
    public long? ToClientBytesPerSecondPerConnection { get; set; }

    public void ResetAfter(long bytes, ProxyDirection direction)
    {
        lock (_gate)
            _faults.Add(new ByteFault(direction, bytes, Stall: null, _release.Task));
    }

    /// <param name="duration">How long to hold the bytes; null: until <see cref="ReleaseStalls"/> or dispose.</param>
    public void StallAfter(long bytes, ProxyDirection direction, TimeSpan? duration = null)
    {
        lock (_gate)
            _faults.Add(new ByteFault(direction, bytes, duration ?? Timeout.InfiniteTimeSpan, _release.Task));
    }

    public void ReleaseStalls()
    {
        lock (_gate)
        {
            _release.TrySetResult();
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <param name="requestLinePrefix">Only answer requests whose request line starts with this (e.g. <c>"PUT "</c>,
    /// <c>"GET /v2/org/model/blobs/"</c>); null: any request.</param>
    public void InjectStatus(int status, int count = 1, string? retryAfter = null, string? requestLinePrefix = null)
    {
        if (!_httpAware)
            throw new InvalidOperationException("status injection needs an HTTP-aware proxy (plain HTTP registry)");
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
                _injections.Add((status, retryAfter, requestLinePrefix));
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _faults.Clear();
            _injections.Clear();
        }
        ReleaseStalls();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = HandleAsync(client);
        }
    }

    private async Task HandleAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        var connection = new Connection(client, server);
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _stop.Token);
            var up = _httpAware ? PumpRequestsAsync(connection) : PumpAsync(connection, client, server, ProxyDirection.ToServer, null);
            var down = PumpAsync(connection, server, client, ProxyDirection.ToClient, null);
            await Task.WhenAny(up, down);
            // One side finished: let the other drain briefly, then close both.
            await Task.WhenAny(Task.WhenAll(up, down), Task.Delay(TimeSpan.FromSeconds(30), _stop.Token)).ContinueWith(_ => { });
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            connection.Close(abort: false);
        }
    }

    /// <summary>Copies bytes one way, applying armed byte faults. <paramref name="prefix"/> is sent first.</summary>
    private async Task PumpAsync(Connection connection, Socket from, Socket to, ProxyDirection direction, byte[]? prefix)
    {
        if (prefix is { Length: > 0 })
            await ForwardAsync(connection, to, prefix, direction);
        var buffer = new byte[64 * 1024];
        var rate = direction == ProxyDirection.ToClient ? ToClientBytesPerSecondPerConnection : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long sent = 0;
        while (true)
        {
            var read = await from.ReceiveAsync(rate is null ? buffer : buffer.AsMemory(0, 16 * 1024), SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                // Half-close so the other side sees the end of this stream.
                try { to.Shutdown(SocketShutdown.Send); } catch (SocketException) { }
                return;
            }
            await ForwardAsync(connection, to, buffer.AsMemory(0, read), direction);
            if (rate is { } limit)
            {
                sent += read;
                var ahead = TimeSpan.FromSeconds((double)sent / limit) - clock.Elapsed;
                if (ahead > TimeSpan.Zero)
                    await Task.Delay(ahead, _stop.Token);
                else if (ahead < TimeSpan.FromMilliseconds(-50))
                {
                    // The connection sat idle (keep-alive between requests): idle time is no credit for a burst.
                    clock.Restart();
                    sent = 0;
                }
            }
        }
    }

    private async Task ForwardAsync(Connection connection, Socket to, ReadOnlyMemory<byte> data, ProxyDirection direction)
    {
        while (data.Length > 0)
        {
            ByteFault? hit = null;
            var allowed = data.Length;
            lock (_gate)
            {
                var fault = _faults.FirstOrDefault(f => f.Direction == direction);
                if (fault is not null)
                {
                    if (fault.Remaining <= data.Length)
                    {
                        allowed = (int)fault.Remaining;
                        hit = fault;
                        _faults.Remove(fault);
                    }
                    else
                    {
                        fault.Remaining -= data.Length;
                    }
                }
            }
            if (allowed > 0)
            {
                await to.SendAsync(data[..allowed], SocketFlags.None, _stop.Token);
                Interlocked.Add(ref direction == ProxyDirection.ToServer ? ref _bytesToServer : ref _bytesToClient, allowed);
                data = data[allowed..];
            }
            if (hit is null)
                continue;
            if (hit.Stall is null)
            {
                Interlocked.Increment(ref _resets);
                connection.Close(abort: true);
                throw new IOException("fault proxy: connection reset");
            }
            // The release in force when the stall was set: a release that came before the bytes still counts.
            var release = hit.Release;
            if (hit.Stall == Timeout.InfiniteTimeSpan)
                await release.WaitAsync(_stop.Token);
            else
                await Task.WhenAny(release, Task.Delay(hit.Stall.Value, _stop.Token));
        }
    }

    /// <summary>Client-to-server pump that understands HTTP/1.1 request framing, to count and answer requests.</summary>
    private async Task PumpRequestsAsync(Connection connection)
    {
        var reader = new HeadReader(connection.Client, _stop.Token);
        while (true)
        {
            var head = await reader.ReadHeadAsync();
            if (head is null)
            {
                try { connection.Server.Shutdown(SocketShutdown.Send); } catch (SocketException) { }
                return;
            }
            Interlocked.Increment(ref _requests);
            (int Status, string? RetryAfter, string? RequestLinePrefix)? injection = null;
            lock (_gate)
            {
                var requestLine = Encoding.ASCII.GetString(head.Bytes, 0, Math.Max(0, Array.IndexOf(head.Bytes, (byte)'\r')));
                var at = _injections.FindIndex(i => i.RequestLinePrefix is null || requestLine.StartsWith(i.RequestLinePrefix, StringComparison.Ordinal));
                if (at >= 0)
                {
                    injection = _injections[at];
                    _injections.RemoveAt(at);
                }
            }
            if (injection is { } inject)
            {
                Interlocked.Increment(ref _injected);
                var response = new StringBuilder($"HTTP/1.1 {inject.Status} {(HttpStatusCode)inject.Status}\r\n")
                    .Append("Content-Length: 0\r\nConnection: close\r\n");
                if (inject.RetryAfter is not null)
                    response.Append($"Retry-After: {inject.RetryAfter}\r\n");
                response.Append("\r\n");
                await connection.Client.SendAsync(Encoding.ASCII.GetBytes(response.ToString()), SocketFlags.None, _stop.Token);
                connection.Close(abort: false);
                return;
            }

            await ForwardAsync(connection, connection.Server, head.Bytes, ProxyDirection.ToServer);
            if (head.Chunked)
            {
                // Following chunk framing is not worth it here: the rest of this connection is passed through as is.
                await PumpAsync(connection, connection.Client, connection.Server, ProxyDirection.ToServer, reader.TakeBuffered());
                return;
            }
            var remaining = head.ContentLength;
            while (remaining > 0)
            {
                var chunk = await reader.ReadBodyAsync(remaining);
                if (chunk.Length == 0)
                    return;
                await ForwardAsync(connection, connection.Server, chunk, ProxyDirection.ToServer);
                remaining -= chunk.Length;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        ReleaseStalls();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }

    private sealed class ByteFault(ProxyDirection direction, long remaining, TimeSpan? Stall, Task release)
    {
        public Task Release { get; } = release;
        public ProxyDirection Direction { get; } = direction;
        public long Remaining { get; set; } = remaining;
        public TimeSpan? Stall { get; } = Stall;
    }

    private sealed class Connection(Socket client, Socket server)
    {
        private int _closed;
        public Socket Client { get; } = client;
        public Socket Server { get; } = server;

        public void Close(bool abort)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
                return;
            foreach (var socket in (Socket[])[Client, Server])
            {
                try
                {
                    if (abort)
                        socket.LingerState = new LingerOption(true, 0); // RST instead of FIN
                    socket.Close();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                }
            }
        }
    }

    private sealed record RequestHead(byte[] Bytes, long ContentLength, bool Chunked);

    /// <summary>Buffered reads from the client socket: request heads up to the blank line, then body bytes.</summary>
    private sealed class HeadReader(Socket socket, CancellationToken cancellationToken)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;

        public byte[] TakeBuffered()
        {
            var rest = _buffer.AsSpan(_start, _end - _start).ToArray();
            _start = _end = 0;
            return rest;
        }

        public async Task<RequestHead?> ReadHeadAsync()
        {
            while (true)
            {
                var at = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
                if (at >= 0)
                {
                    var bytes = _buffer.AsSpan(_start, at + 4).ToArray();
                    _start += at + 4;
                    return Parse(bytes);
                }
                if (!await FillAsync())
                    return null;
            }
        }

        public async Task<ReadOnlyMemory<byte>> ReadBodyAsync(long max)
        {
            if (_start == _end && !await FillAsync())
                return ReadOnlyMemory<byte>.Empty;
            var take = (int)Math.Min(max, _end - _start);
            var chunk = _buffer.AsMemory(_start, take).ToArray();
            _start += take;
            return chunk;
        }

        private async Task<bool> FillAsync()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
                throw new IOException("fault proxy: request head too large");
            var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            _end += read;
            return read > 0;
        }

        private static RequestHead Parse(byte[] bytes)
        {
            long length = 0;
            var chunked = false;
            foreach (var line in Encoding.ASCII.GetString(bytes).Split("\r\n"))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                    continue;
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    length = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                    chunked = true;
            }
            return new RequestHead(bytes, length, chunked);
        }
    }
}
