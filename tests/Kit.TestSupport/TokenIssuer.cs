using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Kit.TestSupport;

/// <summary>
/// An in-test token realm for distribution's token auth: checks Basic credentials, grants every requested scope
/// to the known user (nothing to anonymous callers unless <see cref="AnonymousActions"/> says so), answers 401 to a
/// wrong password, and signs RS256 JWTs identified by the signing key's libtrust <c>kid</c>.
/// </summary>
public sealed class TokenIssuer : IAsyncDisposable
{
    public const string Service = "test-registry";
    public const string Issuer = "test-issuer";

    private readonly RSA _key = RSA.Create(2048);
    private readonly MiniHttpServer _server;
    private int _requestCount;

    public TokenIssuer(string directory, string username, string password)
    {
        Username = username;
        Password = password;
        var request = new CertificateRequest("CN=test-token-signer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(2));
        SignerBundlePath = Path.Combine(directory, "token-signers.pem");
        File.WriteAllText(SignerBundlePath, certificate.ExportCertificatePem());
        KeyId = Libtrust.KeyId(_key.ExportSubjectPublicKeyInfo());
        _server = new MiniHttpServer(HandleAsync);
    }

    public string Username { get; }
    public string Password { get; }
    public string KeyId { get; }

    /// <summary>PEM of the signing certificate, for the registry's <c>rootcertbundle</c>.</summary>
    public string SignerBundlePath { get; }

    public Uri Realm => new($"http://127.0.0.1:{_server.Port}/token");

    /// <summary>The <c>expires_in</c> to announce; the JWT itself stays valid longer so only the client's cache is tested.</summary>
    public int ExpiresIn { get; set; } = 300;

    /// <summary>Actions granted to anonymous callers on every requested repository (default none).</summary>
    public IReadOnlyList<string> AnonymousActions { get; set; } = [];

    /// <summary>Delay before answering, to make concurrent requests overlap.</summary>
    public TimeSpan Delay { get; set; }

    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Every request: method, query or form parameters, and the user that authenticated (null: anonymous).</summary>
    public ConcurrentQueue<TokenRequestRecord> Requests { get; } = new();

    private async Task<MiniHttpResponse> HandleAsync(MiniHttpRequest request)
    {
        Interlocked.Increment(ref _requestCount);
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay);
        if (request.Path != "/token")
            return new MiniHttpResponse(404, "{}");

        var parameters = request.Method == "POST" ? request.Form : request.Query;
        string? user = null;
        var authenticated = false;
        if (request.Headers.TryGetValue("Authorization", out var authorization) && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim())).Split(':', 2);
            if (decoded.Length != 2 || decoded[0] != Username || decoded[1] != Password)
            {
                Requests.Enqueue(new TokenRequestRecord(request.Method, parameters, decoded[0]));
                return Unauthorized();
            }
            user = decoded[0];
            authenticated = true;
        }
        else if (request.Method == "POST" && Get(parameters, "grant_type") == "refresh_token")
        {
            // Identity tokens are "refresh-<username>" here.
            if (Get(parameters, "refresh_token") != $"refresh-{Username}")
            {
                Requests.Enqueue(new TokenRequestRecord(request.Method, parameters, null));
                return Unauthorized();
            }
            user = Username;
            authenticated = true;
        }
        Requests.Enqueue(new TokenRequestRecord(request.Method, parameters, user));

        var scopes = parameters.Where(p => p.Key == "scope").SelectMany(p => p.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var token = Sign(user ?? "", Grant(scopes, authenticated));
        var body = new MemoryStream();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("token", token);
            json.WriteString("access_token", token);
            json.WriteNumber("expires_in", ExpiresIn);
            json.WriteString("issued_at", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
            json.WriteEndObject();
        }
        return new MiniHttpResponse(200, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static MiniHttpResponse Unauthorized() =>
        new(401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid username or password\"}]}");

    private static string? Get(IReadOnlyList<KeyValuePair<string, string>> parameters, string name) =>
        parameters.FirstOrDefault(p => p.Key == name).Value;

    private List<(string Type, string Name, string[] Actions)> Grant(IEnumerable<string> scopes, bool authenticated)
    {
        var access = new List<(string, string, string[])>();
        foreach (var scope in scopes)
        {
            var first = scope.IndexOf(':', StringComparison.Ordinal);
            var last = scope.LastIndexOf(':');
            if (first <= 0 || last == first)
                continue;
            var actions = authenticated ? scope[(last + 1)..].Split(',') : AnonymousActions.ToArray();
            if (actions.Length > 0)
                access.Add((scope[..first], scope[(first + 1)..last], actions));
        }
        return access;
    }

    private string Sign(string subject, List<(string Type, string Name, string[] Actions)> access)
    {
        var header = Json(w =>
        {
            w.WriteString("alg", "RS256");
            w.WriteString("typ", "JWT");
            w.WriteString("kid", KeyId);
        });
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = Json(w =>
        {
            w.WriteString("iss", Issuer);
            w.WriteString("sub", subject);
            w.WriteString("aud", Service);
            w.WriteNumber("exp", now + Math.Max(ExpiresIn, 0) + 600);
            w.WriteNumber("nbf", now - 10);
            w.WriteNumber("iat", now);
            w.WriteString("jti", Guid.NewGuid().ToString("N"));
            w.WriteStartArray("access");
            foreach (var (type, name, actions) in access)
            {
                w.WriteStartObject();
                w.WriteString("type", type);
                w.WriteString("name", name);
                w.WriteStartArray("actions");
                foreach (var action in actions)
                    w.WriteStringValue(action);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        var signingInput = $"{Base64Url(header)}.{Base64Url(claims)}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
    }
}

public sealed record TokenRequestRecord(string Method, IReadOnlyList<KeyValuePair<string, string>> Parameters, string? User)
{
    public IEnumerable<string> Scopes => Parameters.Where(p => p.Key == "scope").Select(p => p.Value);
}
