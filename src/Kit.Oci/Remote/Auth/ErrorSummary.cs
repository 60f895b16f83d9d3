using System.Net;
using System.Text;
using System.Text.Json;

namespace Kit.Oci.Remote.Auth;

/// <summary>
/// Short, secret-free text for a failed auth exchange: status plus the server's own error code and message,
/// read from the distribution error body (<c>{"errors":[{"code","message"}]}</c>) or an OAuth2 error body
/// (<c>{"error","error_description"}</c>). Other bodies are not echoed, since we cannot know what they contain.
/// </summary>
internal static class ErrorSummary
{
    private const int MaxBody = 16 * 1024;

    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode}";
        string? detail = null;
        try
        {
            var bytes = await RegistryErrorParser.ReadPrefixAsync(response, MaxBody, cancellationToken).ConfigureAwait(false);
            detail = FromJson(bytes);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException or TaskCanceledException)
        {
            // The summary is best effort; the status alone still explains the failure.
        }
        return detail is null ? $"{status} {ReasonPhrase(response.StatusCode)}" : $"{status} {detail}";
    }

    private static string? FromJson(byte[] bytes)
    {
        if (bytes.Length == 0)
            return null;
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return null;
        if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            var parts = new List<string>();
            foreach (var error in errors.EnumerateArray())
            {
                var code = Str(error, "code");
                var message = Str(error, "message");
                if (code is not null || message is not null)
                    parts.Add(code is null ? message! : message is null ? code : $"{code}: {message}");
            }
            return parts.Count == 0 ? null : OneLine(string.Join("; ", parts));
        }
        var oauthError = Str(root, "error");
        if (oauthError is not null)
        {
            var description = Str(root, "error_description");
            return OneLine(description is null ? oauthError : $"{oauthError}: {description}");
        }
        return null;
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string OneLine(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, 300));
        foreach (var c in text)
        {
            if (sb.Length >= 300)
                return sb.Append('…').ToString();
            sb.Append(char.IsControl(c) ? ' ' : c);
        }
        return sb.ToString();
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.MethodNotAllowed => "Method Not Allowed",
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.GatewayTimeout => "Gateway Timeout",
        _ => status.ToString(),
    };
}
