using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kit.TestSupport;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1:0 (HttpListener cannot bind port 0): one request per connection,
/// answered with <c>Connection: close</c>. Enough for a token realm.
/// </summary>
public sealed class MiniHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<MiniHttpRequest, Task<MiniHttpResponse>> _handle;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MiniHttpServer(Func<MiniHttpRequest, Task<MiniHttpResponse>> handle)
    {
        _handle = handle;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptLoopAsync();
    }

    public int Port { get; }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await MiniHttpRequest.ReadAsync(stream, _stop.Token);
                if (request is null)
                    return;
                var response = await _handle(request);
                var body = Encoding.UTF8.GetBytes(response.Body);
                var head = new StringBuilder()
                    .Append($"HTTP/1.1 {response.Status} {(HttpStatusCode)response.Status}\r\n")
                    .Append($"Content-Type: {response.ContentType}\r\n")
                    .Append($"Content-Length: {response.DeclaredLength ?? body.Length}\r\n")
                    .Append("Connection: close\r\n");
                foreach (var (name, value) in response.Headers)
                    head.Append($"{name}: {value}\r\n");
                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                await stream.WriteAsync(body, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client went away; nothing to answer.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}

public sealed record MiniHttpResponse(int Status, string Body, string ContentType = "application/json")
{
    /// <summary>A Content-Length larger than the body: the connection closes early, as a dropped download does.</summary>
    public long? DeclaredLength { get; init; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
}

public sealed class MiniHttpRequest
{
    public required string Method { get; init; }
    public required string Target { get; init; }
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public required string Body { get; init; }

    public string Path => Target.Split('?', 2)[0];

    /// <summary>Query parameters in order; a name may repeat (<c>scope=a&amp;scope=b</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Query => ParseForm(Target.Contains('?') ? Target.Split('?', 2)[1] : "");

    public IReadOnlyList<KeyValuePair<string, string>> Form => ParseForm(Body);

    public static IReadOnlyList<KeyValuePair<string, string>> ParseForm(string text) =>
        text.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Decode(p[0]), p.Length > 1 ? Decode(p[1]) : ""))
            .ToList();

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    public static async Task<MiniHttpRequest?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0 || buffer.Count > 64 * 1024)
                return null;
            buffer.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        var body = "";
        if (headers.TryGetValue("Content-Length", out var length) && int.TryParse(length, out var n) && n > 0)
        {
            var bytes = new byte[n];
            await stream.ReadExactlyAsync(bytes, cancellationToken);
            body = Encoding.UTF8.GetString(bytes);
        }
        return new MiniHttpRequest { Method = requestLine[0], Target = requestLine.Length > 1 ? requestLine[1] : "/", Headers = headers, Body = body };
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';
}
