using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Kit.TestSupport;

/// <summary>
/// Serves the git repositories under a directory over smart HTTP through git's own <c>git-http-backend</c> (run as
/// CGI per request), plus a Git LFS batch endpoint and object downloads from an in-memory table: what
/// <c>git clone</c> and <c>git lfs pull</c> talk to on a hosting service.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private const string Backend = "/usr/lib/git-core/git-http-backend";
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly Task _loop;

    /// <param name="root">Holds bare repositories, served as <c>/&lt;name&gt;</c>.</param>
    public GitHttpServer(string root)
    {
        _root = root;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>Git LFS objects by sha256 hex.</summary>
    public Dictionary<string, byte[]> LfsObjects { get; } = new(StringComparer.Ordinal);

    /// <summary>The sha256 of every LFS object downloaded, in order.</summary>
    public List<string> LfsDownloads { get; } = [];

    /// <summary>When set, every request must carry HTTP Basic credentials with this password.</summary>
    public string? RequiredPassword { get; set; }

    /// <summary>Installed here, or the reason tests that need it cannot run.</summary>
    public static bool Available => File.Exists(Backend);

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (RequiredPassword is not null && !Authorized(context.Request))
            {
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"git\"");
                return;
            }
            var path = context.Request.Url!.AbsolutePath;
            if (path.EndsWith("/info/lfs/objects/batch", StringComparison.Ordinal)) await BatchAsync(context);
            else if (path.StartsWith("/lfs/", StringComparison.Ordinal)) await ObjectAsync(context, path["/lfs/".Length..]);
            else await CgiAsync(context);
        }
        catch (Exception e)
        {
            response.StatusCode = 500;
            await response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(e.ToString()));
        }
        finally
        {
            response.Close();
        }
    }

    private bool Authorized(HttpListenerRequest request)
    {
        var header = request.Headers["Authorization"];
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal)) return false;
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
        return decoded.Split(':', 2) is [_, var password] && password == RequiredPassword;
    }

    private async Task BatchAsync(HttpListenerContext context)
    {
        using var request = await JsonDocument.ParseAsync(context.Request.InputStream);
        var objects = request.RootElement.GetProperty("objects").EnumerateArray().Select(o =>
        {
            var oid = o.GetProperty("oid").GetString()!;
            var size = o.GetProperty("size").GetInt64();
            return LfsObjects.ContainsKey(oid)
                ? $$$$"""{"oid":"{{{{oid}}}}","size":{{{{size}}}},"actions":{"download":{"href":"http://127.0.0.1:{{{{Port}}}}/lfs/{{{{oid}}}}"}}}"""
                : $$$"""{"oid":"{{{oid}}}","size":{{{size}}},"error":{"code":404,"message":"Object does not exist"}}""";
        });
        var body = Encoding.UTF8.GetBytes($$"""{"transfer":"basic","objects":[{{string.Join(",", objects)}}]}""");
        context.Response.ContentType = "application/vnd.git-lfs+json";
        await context.Response.OutputStream.WriteAsync(body);
    }

    private async Task ObjectAsync(HttpListenerContext context, string oid)
    {
        if (!LfsObjects.TryGetValue(oid, out var bytes))
        {
            context.Response.StatusCode = 404;
            return;
        }
        lock (LfsDownloads) LfsDownloads.Add(oid);
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    /// <summary>One request through git-http-backend: CGI variables in, request body on stdin, CGI headers and body out.</summary>
    private async Task CgiAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var start = new ProcessStartInfo(Backend)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["GIT_PROJECT_ROOT"] = _root;
        start.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        start.Environment["PATH_INFO"] = request.Url!.AbsolutePath;
        start.Environment["QUERY_STRING"] = request.Url.Query.TrimStart('?');
        start.Environment["REQUEST_METHOD"] = request.HttpMethod;
        start.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        start.Environment["REMOTE_ADDR"] = "127.0.0.1";
        if (request.Headers["Content-Encoding"] is { } encoding) start.Environment["HTTP_CONTENT_ENCODING"] = encoding;
        if (request.Headers["Git-Protocol"] is { } protocol) start.Environment["GIT_PROTOCOL"] = protocol;
        using var process = Process.Start(start)!;
        var copyIn = Task.Run(async () =>
        {
            await request.InputStream.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        });
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.BaseStream;

        // CGI headers end at the first empty line.
        var header = new List<byte>();
        while (true)
        {
            var b = output.ReadByte();
            if (b < 0) break;
            header.Add((byte)b);
            if (header.Count >= 2 && header[^1] == '\n' && (header[^2] == '\n' || (header.Count >= 4 && header[^2] == '\r' && header[^3] == '\n')))
                break;
        }
        foreach (var line in Encoding.ASCII.GetString([.. header]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase)) context.Response.StatusCode = int.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) context.Response.ContentType = value;
            else if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) context.Response.AddHeader(name, value);
        }
        await output.CopyToAsync(context.Response.OutputStream);
        await copyIn;
        await process.WaitForExitAsync();
        _ = await errors;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}

/// <summary>A test that needs git, git-lfs and git-http-backend: skipped only when missing outside CI.</summary>
public sealed class GitFactAttribute : FactAttribute
{
    public override string? Skip
    {
        get => base.Skip ?? (TestEnvironment.IsCI || (GitHttpServer.Available && GitLfsInstalled.Value)
            ? null
            : "not installed: git and git-lfs (./test.sh installs them as root; in CI this fails)");
        set => base.Skip = value;
    }

    private static readonly Lazy<bool> GitLfsInstalled = new(() =>
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", "lfs version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });
}
