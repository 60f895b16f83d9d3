using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Kit.Core.HuggingFace;

/// <summary>
/// A file of a Hub repository: its path, size, git blob id and, for a file stored with Git LFS, its sha256, which
/// downloads are checked against.
/// </summary>
internal sealed record HubFile(string Path, long Size, string? GitOid = null, string? Sha256 = null);

/// <summary>
/// The Hugging Face Hub's HTTP API, as far as kit uses it. The base URL is <c>HF_ENDPOINT</c> (default
/// <c>https://huggingface.co</c>); a token is sent as <c>Authorization: Bearer</c>.
/// </summary>
internal sealed class HuggingFaceHub(HttpClient http, Uri endpoint, string? token)
{
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>Git metadata the Hub lists like any file; never part of a ModelKit.</summary>
    internal static readonly HashSet<string> GitFiles = new([".gitignore", ".gitattributes"], StringComparer.Ordinal);

    /// <summary>The base URL from <c>HF_ENDPOINT</c>, else the public Hub.</summary>
    public static Uri Endpoint(Func<string, string?> environment)
    {
        var value = environment("HF_ENDPOINT") ?? DefaultEndpoint;
        return Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new KitException($"HF_ENDPOINT '{value}' is not an http(s) URL");
    }

    /// <summary>The commit <paramref name="revision"/> (a branch, tag or commit) names now, so an import reads one snapshot.</summary>
    public async Task<string> PinAsync(HuggingFaceRepository repository, string revision, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(new Uri(endpoint, $"api/{repository.Collection}/{repository.Id}/revision/{Uri.EscapeDataString(revision)}"),
            null, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw Failure(response.StatusCode, body, repository, revision);
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("sha", out var sha) && sha.GetString() is { Length: > 0 } commit
                ? commit
                : throw new KitException($"revision response missing sha for {repository.Id}@{revision}");
        }
        catch (JsonException e)
        {
            throw new KitException($"revision response for {repository.Id}@{revision} is not JSON: {e.Message}", e);
        }
    }

    /// <summary>The download URL of a file at a commit.</summary>
    public Uri FileUrl(HuggingFaceRepository repository, string commit, string path) =>
        new(endpoint, $"{(repository.IsDataset ? "datasets/" : "")}{repository.Id}/resolve/{commit}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>A GET with the token, from <paramref name="offset"/> on when it is not null; the caller reads and disposes the response.</summary>
    public async Task<HttpResponseMessage> GetAsync(Uri url, long? offset, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (offset is { } from) request.Headers.Range = new RangeHeaderValue(from, null);
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every file of the repository at <paramref name="revision"/>, following the listing's pages.</summary>
    /// <exception cref="KitException">The repository or revision does not exist, needs a token, or the Hub failed.</exception>
    public async Task<IReadOnlyList<HubFile>> ListFilesAsync(HuggingFaceRepository repository, string revision, CancellationToken cancellationToken)
    {
        var files = new List<HubFile>();
        Uri? next = new(endpoint, $"api/{repository.Collection}/{repository.Id}/tree/{Uri.EscapeDataString(revision)}?recursive=true");
        while (next is not null)
        {
            using var response = await GetAsync(next, null, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw Failure(response.StatusCode, body, repository, revision);
            try
            {
                using var json = JsonDocument.Parse(body);
                foreach (var entry in json.RootElement.EnumerateArray())
                {
                    if (entry.GetProperty("type").GetString() != "file") continue;
                    var path = entry.GetProperty("path").GetString()!;
                    if (GitFiles.Contains(System.IO.Path.GetFileName(path))) continue;
                    var lfs = entry.TryGetProperty("lfs", out var l) && l.ValueKind == JsonValueKind.Object ? l : (JsonElement?)null;
                    files.Add(new HubFile(path,
                        lfs?.GetProperty("size").GetInt64() ?? (entry.TryGetProperty("size", out var size) ? size.GetInt64() : 0),
                        entry.TryGetProperty("oid", out var oid) ? oid.GetString() : null,
                        lfs?.GetProperty("oid").GetString()));
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                throw new KitException($"the Hub's file listing for {repository} is not what kit expects: {e.Message}", e);
            }
            next = NextPage(response, next);
        }
        return files;
    }

    internal static KitException Failure(HttpStatusCode status, string body, HuggingFaceRepository repository, string revision) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            new KitException($"{repository} is private or gated ({(int)status}): pass a token with access to it (--token or HF_TOKEN)"),
        HttpStatusCode.NotFound when body.Contains("Invalid rev id", StringComparison.Ordinal) => new KitException($"reference '{revision}' not found"),
        HttpStatusCode.NotFound => new KitException($"repository {repository} or reference '{revision}' not found"),
        _ => new KitException($"got error code {(int)status} from API: {ErrorText(body)}"),
    };

    /// <summary>The Hub's <c>{"error": ...}</c> text, else the start of the body.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
                return error.ToString();
        }
        catch (JsonException)
        {
        }
        return body.Length > 200 ? body[..200] : body;
    }

    /// <summary>The <c>Link: &lt;url&gt;; rel="next"</c> page, resolved against the current one.</summary>
    private static Uri? NextPage(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        foreach (var link in links.SelectMany(l => l.Split(',')))
        {
            var parts = link.Split(';');
            if (parts.Skip(1).Any(p => p.Trim().Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next")
                && parts[0].Trim() is ['<', .. var url, '>'])
                return new Uri(current, url);
        }
        return null;
    }
}
